"""Who the client says it is: HTTP Basic (client_secret_basic) or form fields (client_secret_post)."""
from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote_plus

from services.identity.api.tokens.errors import InvalidRequest
from services.identity.domain.api_clients import InvalidClient

MAX_CREDENTIAL_LENGTH = 200


def client_credentials(authorization: str | None, form: dict) -> tuple[str, str]:
    """(client_id, client_secret); RFC 6749 2.3.1 allows one method per request, never both."""
    in_form = "client_id" in form or "client_secret" in form
    if authorization:
        if in_form:
            raise InvalidRequest("Authenticate the client once: HTTP Basic or the form, not both.")
        return _basic(authorization)
    if not (form.get("client_id") and form.get("client_secret")):
        raise InvalidClient("Authenticate the client with HTTP Basic or client_id and client_secret.")
    return form["client_id"], form["client_secret"]


def _basic(authorization: str) -> tuple[str, str]:
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        raise InvalidClient("Authenticate the client with HTTP Basic, not a bearer token.")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise InvalidClient("The Basic credentials are not base64 of `client_id:client_secret`.") from None
    client_id, colon, secret = decoded.partition(":")
    if not colon or len(decoded) > 2 * MAX_CREDENTIAL_LENGTH:
        raise InvalidClient("The Basic credentials are not base64 of `client_id:client_secret`.")
    # RFC 6749 2.3.1: both parts are form-urlencoded before they are joined.
    return unquote_plus(client_id), unquote_plus(secret)
