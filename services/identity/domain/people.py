"""People, the roles they hold in organisations, and the password policy."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources

from procure.errors import InvalidInput

MIN_PASSWORD_LENGTH = 12


@dataclass
class User:
    id: uuid.UUID
    email: str
    name: str
    password_hash: str = field(repr=False)
    created_at: datetime
    email_verified_at: datetime | None = None
    # The second factor's shared secret, sealed by the adapter that stores it; never logged.
    totp_secret: str | None = field(default=None, repr=False)
    totp_enabled_at: datetime | None = None
    totp_last_step: int | None = None  # the last accepted time step: a code is good once
    events: list = field(default_factory=list, repr=False, compare=False)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None


@dataclass(frozen=True)
class Membership:
    user_id: uuid.UUID
    organisation_id: uuid.UUID
    roles: tuple[str, ...]


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("The password is too short.",
                           errors={"password": [f"Use at least {MIN_PASSWORD_LENGTH} characters."]})
    if password.strip().lower() in common_passwords():
        raise InvalidInput("The password is one of the most common ones.",
                           errors={"password": ["This password is too common; choose another."]})


@cache
def common_passwords() -> frozenset[str]:
    """The list shipped beside this module (see common_passwords.md), read on first use."""
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())
