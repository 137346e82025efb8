"""Members of an organisation, the roles they may hold there, and invitations to join."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.errors import Conflict, InvalidInput
from services.identity.domain import roles as role_names

# Keyed by the organisation kind's value; a kind not listed may grant nothing.
ROLES_BY_KIND = {"buyer": role_names.BUYER_ROLES, "supplier": role_names.SUPPLIER_ROLES,
                 "platform": role_names.PLATFORM_ROLES}
# Roles usable only from a token obtained with a verified e-mail address and a second factor.
GUARDED_ROLES = frozenset({role_names.OPENING_COMMITTEE})


@dataclass(frozen=True)
class Member:
    user_id: uuid.UUID
    email: str
    name: str
    roles: tuple[str, ...]
    email_verified: bool
    second_factor: bool


@dataclass(frozen=True)
class Invitation:
    id: uuid.UUID
    organisation_id: uuid.UUID
    email: str
    roles: tuple[str, ...]
    invited_by: uuid.UUID
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None

    def is_pending(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


def grantable_roles(kind: str, requested: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The requested roles, sorted and without repeats, if the organisation's kind may grant them all."""
    allowed = ROLES_BY_KIND.get(kind, frozenset())
    refused = sorted(set(requested) - allowed)
    if not requested or refused:
        raise InvalidInput("These roles cannot be held in this organisation.",
                           errors={"roles": [f"Choose one or more of: {', '.join(sorted(allowed))}."]})
    return tuple(sorted(set(requested)))


def check_an_admin_remains(admins_before: set[uuid.UUID], user_id: uuid.UUID, roles_after: tuple[str, ...]):
    """Refuses the change that would leave the organisation without an administrator."""
    keeps_admin = bool(set(roles_after) & role_names.ADMIN_ROLES)
    if user_id in admins_before and not keeps_admin and admins_before == {user_id}:
        raise Conflict("The organisation's last administrator cannot lose that role or leave; "
                       "make someone else an administrator first.")


def token_roles(roles: tuple[str, ...], *, email_verified: bool, second_factor: bool) -> tuple[str, ...]:
    """The roles an access token may carry: guarded ones only with a verified address and a second factor."""
    if email_verified and second_factor:
        return roles
    return tuple(role for role in roles if role not in GUARDED_ROLES)
