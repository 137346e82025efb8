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
    details: object = None   # services.identity.domain.organisations.OrganisationDetails


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


@dataclass(frozen=True)
class RequestEmailVerification:
    user_id: uuid.UUID


@dataclass(frozen=True)
class ConfirmEmail:
    token: str = field(repr=False)


@dataclass(frozen=True)
class RequestPasswordReset:
    email: str


@dataclass(frozen=True)
class ResetPassword:
    token: str = field(repr=False)
    password: str = field(repr=False)


@dataclass(frozen=True)
class EnrolSecondFactor:
    user_id: uuid.UUID


@dataclass(frozen=True)
class ConfirmSecondFactor:
    user_id: uuid.UUID
    code: str = field(repr=False)


@dataclass(frozen=True)
class DisableSecondFactor:
    user_id: uuid.UUID
    code: str = field(repr=False)


@dataclass(frozen=True)
class ChangeRoles:
    organisation_id: uuid.UUID
    user_id: uuid.UUID
    roles: tuple[str, ...]
    changed_by: uuid.UUID


@dataclass(frozen=True)
class RemoveMember:
    organisation_id: uuid.UUID
    user_id: uuid.UUID
    removed_by: uuid.UUID


@dataclass(frozen=True)
class InviteMember:
    organisation_id: uuid.UUID
    email: str
    roles: tuple[str, ...]
    invited_by: uuid.UUID


@dataclass(frozen=True)
class RevokeInvitation:
    organisation_id: uuid.UUID
    invitation_id: uuid.UUID
    revoked_by: uuid.UUID


@dataclass(frozen=True)
class AcceptInvitation:
    """A new person gives a name and password; someone with an account gives their token's user id."""
    token: str = field(repr=False)
    name: str | None = None
    password: str | None = field(default=None, repr=False)
    user_id: uuid.UUID | None = None


@dataclass(frozen=True)
class AddAuthority:
    certificate: bytes
    country: str
    label: str
    actor_id: str | None = None


@dataclass(frozen=True)
class ChangeAuthority:
    fingerprint: str
    enabled: bool
    actor_id: str | None = None


@dataclass(frozen=True)
class UploadRevocationList:
    fingerprint: str
    crl: bytes
    actor_id: str | None = None


@dataclass(frozen=True)
class RegisterTrustedListSource:
    territory: str
    label: str
    signing_certificates: tuple[bytes, ...]
    actor_id: str | None = None


@dataclass(frozen=True)
class ImportTrustedList:
    territory: str
    xml: bytes = field(repr=False)
    actor_id: str | None = None


@dataclass(frozen=True)
class ValidateSignature:
    """A PAdES PDF or XAdES XML in `document`; or a CAdES `signature` with the signed file or its SHA-256."""
    document: bytes | None = field(default=None, repr=False)
    signature: bytes | None = field(default=None, repr=False)
    signed_file: bytes | None = field(default=None, repr=False)
    signed_file_sha256: bytes | None = None
    format: str | None = None
    actor_id: str | None = None
    organisation_id: str | None = None
