"""What callers ask the identity service to do."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RegisterOrganisation:
    name: str
    kind: str
    country: str
    email: str
    user_name: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class LogIn:
    email: str
    password: str = field(repr=False)
    organisation_id: uuid.UUID | None = None
    totp_code: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class RefreshTokens:
    refresh_token: str = field(repr=False)
