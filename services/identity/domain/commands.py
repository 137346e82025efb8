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


@dataclass(frozen=True)
class CreateApiClient:
    organisation_id: uuid.UUID
    name: str
    scopes: tuple[str, ...]
    created_by: str


@dataclass(frozen=True)
class RotateApiClientSecret:
    organisation_id: uuid.UUID
    client_id: uuid.UUID
    actor: str


@dataclass(frozen=True)
class RevokeApiClient:
    organisation_id: uuid.UUID
    client_id: uuid.UUID
    actor: str


@dataclass(frozen=True)
class IssueClientToken:
    """The client-credentials grant: the client authenticates, `scope` may narrow its scopes."""
    client_id: str
    client_secret: str = field(repr=False)
    scope: str | None = None


@dataclass(frozen=True)
class RevokeToken:
    """RFC 7009: a refresh token to revoke, with the whole session it belongs to."""
    token: str = field(repr=False)
