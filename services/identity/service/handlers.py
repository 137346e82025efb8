"""Registration, login and refresh, each inside a unit of work."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from procure.errors import Conflict, ProcureError
from services.identity.adapters.passwords import hash_password, password_matches
from services.identity.domain.commands import LogIn, RefreshTokens, RegisterOrganisation
from services.identity.domain.model import (Membership, OrganisationKind, User, check_password_policy,
                                            register_organisation)
from services.identity.service.tokens import TokenPolicy, hash_refresh_token, issue_tokens


class InvalidGrant(ProcureError):
    """RFC 6749 answers a bad credential with 400 invalid_grant."""
    status, title, slug = 400, "Invalid grant", "invalid-grant"

    def __init__(self, detail: str):
        super().__init__(detail, error="invalid_grant")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def register(command: RegisterOrganisation, uow, clock=utc_now):
    check_password_policy(command.password)
    now = clock()
    user = User(id=uuid.uuid4(), email=command.email, name=command.user_name,
                password_hash=hash_password(command.password), created_at=now)
    with uow:
        if not uow.identity.add_user(user):
            raise Conflict("An account with this e-mail address already exists.",
                           errors={"user.email": ["Already registered."]})
        organisation, membership = register_organisation(
            name=command.name, kind=OrganisationKind(command.kind), country=command.country,
            first_user=user, now=now)
        uow.identity.add_organisation(organisation, membership)
        uow.commit()
    return organisation, user, membership


def log_in(command: LogIn, uow, signer, policy: TokenPolicy, clock=utc_now) -> dict:
    with uow:
        user = uow.identity.user_by_email(command.email)
        if not password_matches(user and user.password_hash, command.password):
            raise InvalidGrant("The e-mail address or the password is wrong.")
        membership = _chosen_membership(uow.identity.memberships_of(user.id), command.organisation_id)
        tokens = issue_tokens(uow, signer, policy, membership, clock())
        uow.commit()
        return tokens


def refresh(command: RefreshTokens, uow, signer, policy: TokenPolicy, clock=utc_now) -> dict:
    now = clock()
    with uow:
        stored = uow.identity.refresh_token(hash_refresh_token(command.refresh_token))
        if stored is None or stored["revoked_at"] or stored["expires_at"] <= now:
            raise InvalidGrant("The refresh token is unknown, expired or revoked.")
        if stored["replaced_at"]:
            # A used token came back: someone kept a copy. Revoke the whole family.
            uow.identity.revoke_family(stored["family_id"], now)
            uow.commit()
            raise InvalidGrant("The refresh token was already used; every token of its session is revoked.")
        uow.identity.mark_replaced(stored["token_hash"], now)
        membership = _chosen_membership(uow.identity.memberships_of(stored["user_id"]), stored["organisation_id"])
        tokens = issue_tokens(uow, signer, policy, membership, now, family_id=stored["family_id"])
        uow.commit()
        return tokens


def _chosen_membership(memberships: list[Membership], organisation_id: uuid.UUID | None) -> Membership:
    if organisation_id is not None:
        memberships = [m for m in memberships if m.organisation_id == organisation_id]
    if not memberships:
        raise InvalidGrant("The account is not a member of that organisation.")
    return memberships[0]
