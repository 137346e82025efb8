"""Facts the identity service publishes on `identity.events` (never a secret in them)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.events.model import Event


@dataclass(frozen=True)
class OrganisationRegistered(Event):
    type = "organisation.registered"
    id: uuid.UUID
    name: str
    kind: str
    country: str
    first_user_id: uuid.UUID
    nuts: str | None = None
    size: str | None = None                 # suppliers only
    cpv_codes: tuple[str, ...] = ()         # suppliers only


@dataclass(frozen=True)
class UserInvited(Event):
    """An organisation's administrator invited someone; the e-mail's link is fetched by `delivery_id`."""
    type = "user.invited"
    id: uuid.UUID  # the invitation
    organisation_id: uuid.UUID
    email: str
    roles: tuple[str, ...]
    invited_by: uuid.UUID
    delivery_id: uuid.UUID
    expires_at: datetime


@dataclass(frozen=True)
class _LinkToMail(Event):
    """A message with a link for a user; the mailer fetches the link itself, by `delivery_id`."""
    id: uuid.UUID  # the user
    email: str
    name: str
    delivery_id: uuid.UUID
    expires_at: datetime


@dataclass(frozen=True)
class EmailVerificationRequested(_LinkToMail):
    """A user must confirm their e-mail address; the link is fetched by `delivery_id`."""
    type = "user.email-verification-requested"


@dataclass(frozen=True)
class PasswordResetRequested(_LinkToMail):
    """Someone asked to reset this user's password; the link is fetched by `delivery_id`."""
    type = "user.password-reset-requested"


@dataclass(frozen=True)
class MembershipChanged(Event):
    """A user joined or left an organisation, or their roles there changed (empty `roles_after`: left)."""
    type = "membership.changed"
    organisation_id: uuid.UUID
    user_id: uuid.UUID
    roles_before: tuple[str, ...]
    roles_after: tuple[str, ...]
    changed_by: uuid.UUID | None

    @property
    def subject(self) -> str:
        return str(self.user_id)
