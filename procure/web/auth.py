"""The caller's token, verified on every request that needs one."""
from __future__ import annotations

from flask import current_app, g, request

from procure.errors import Forbidden, Unauthenticated
from procure.tokens import Principal, TokenVerifier

VERIFIER_KEY = "procure.tokens"


def install_token_verifier(app, verifier: TokenVerifier) -> None:
    app.extensions[VERIFIER_KEY] = verifier


def public(view):
    """Marks a route anyone may call without a token; every other route refuses a request without one."""
    view.procure_public = True
    return view


def bearer_token() -> str | None:
    header = request.headers.get("Authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Send the access token as `Authorization: Bearer <token>`.")
    return token.strip()


def current_principal() -> Principal:
    """The verified caller; 401 when there is no valid token."""
    found = optional_principal()
    if found is None:
        raise Unauthenticated("This operation needs an access token.")
    return found


def optional_principal() -> Principal | None:
    if "procure_principal" not in g:
        token = bearer_token()
        g.procure_principal = current_app.extensions[VERIFIER_KEY].verify(token) if token else None
    return g.procure_principal


def require_role(principal: Principal, *roles: str) -> None:
    if not principal.has_role(*roles):
        raise Forbidden(f"This operation needs one of the roles: {', '.join(roles)}.")


def organisation_id(principal: Principal):
    """The organisation the token acts for; 403 for a token that acts for none."""
    import uuid
    try:
        return uuid.UUID(principal.organisation or "")
    except ValueError:
        raise Forbidden("This operation needs a token issued for an organisation.") from None
