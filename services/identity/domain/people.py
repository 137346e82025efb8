"""People, the roles they hold in organisations, and the password policy."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from procure.errors import InvalidInput

MIN_PASSWORD_LENGTH = 12


@dataclass
class User:
    id: uuid.UUID
    email: str
    name: str
    password_hash: str = field(repr=False)
    created_at: datetime
    events: list = field(default_factory=list, repr=False, compare=False)


@dataclass(frozen=True)
class Membership:
    user_id: uuid.UUID
    organisation_id: uuid.UUID
    roles: tuple[str, ...]


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("The password is too short.",
                           errors={"password": [f"Use at least {MIN_PASSWORD_LENGTH} characters."]})
