"""Logging in and refreshing: the OAuth 2.0 grants that end in a token pair."""
from __future__ import annotations

import uuid

from procure.errors import ProcureError
from services.identity.adapters.passwords import password_matches
from services.identity.domain.commands import LogIn, RefreshTokens
from services.identity.domain.people import Membership
from services.identity.service.clock import utc_now
from services.identity.service.tokens import TokenPolicy, hash_refresh_token, issue_tokens


class InvalidGrant(ProcureError):
    """RFC 6749 answers a bad credential with 400 invalid_grant."""
    status, title, slug = 400, "Invalid grant", "invalid-grant"

    def __init__(self, detail: str):
        super().__init__(detail, error="invalid_grant")


def log_in(command: LogIn, uow, signer, policy: TokenPolicy, clock=utc_now) -> dict:
    with uow:
        user = uow.people.user_by_email(command.email)
        if not password_matches(user and user.password_hash, command.password):
            raise InvalidGrant("The e-mail address or the password is wrong.")
        membership = chosen_membership(uow.people.memberships_of(user.id), command.organisation_id)
        tokens = issue_tokens(uow, signer, policy, membership, clock())
        uow.commit()
        return tokens


def refresh(command: RefreshTokens, uow, signer, policy: TokenPolicy, clock=utc_now) -> dict:
    now = clock()
    with uow:
        stored = uow.people.refresh_token(hash_refresh_token(command.refresh_token))
        if stored is None or stored["revoked_at"] or stored["expires_at"] <= now:
            raise InvalidGrant("The refresh token is unknown, expired or revoked.")
        if stored["replaced_at"]:
            # A used token came back: someone kept a copy. Revoke the whole family.
            uow.people.revoke_family(stored["family_id"], now)
            uow.commit()
            raise InvalidGrant("The refresh token was already used; every token of its session is revoked.")
        uow.people.mark_replaced(stored["token_hash"], now)
        membership = chosen_membership(uow.people.memberships_of(stored["user_id"]), stored["organisation_id"])
        tokens = issue_tokens(uow, signer, policy, membership, now, family_id=stored["family_id"])
        uow.commit()
        return tokens


def chosen_membership(memberships: list[Membership], organisation_id: uuid.UUID | None) -> Membership:
    if organisation_id is not None:
        memberships = [m for m in memberships if m.organisation_id == organisation_id]
    if not memberships:
        raise InvalidGrant("The account is not a member of that organisation.")
    return memberships[0]
