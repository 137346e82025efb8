"""API clients: back-office systems that call the suite with the OAuth 2.0 client-credentials grant.

An organisation's administrator creates a client with a name and scopes; the client's
secret is shown once and only its hash is kept. Tokens issued to a client act for the
client's organisation, with the scopes it was granted and no roles.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from procure.errors import InvalidInput, ProcureError

# The fixed vocabulary of scopes, with what each lets a back-office system do.
SCOPES = {
    "notices:read": "Read the organisation's notices, drafts included.",
    "notices:write": "Draft, amend and publish the organisation's notices.",
    "bids:read": "Read the organisation's bids (a supplier's own bids, a buyer's opened bids).",
    "bids:write": "Prepare and submit the organisation's bids.",
    "documents:read": "Download the organisation's documents.",
    "documents:write": "Upload documents for the organisation.",
    "alerts:write": "Manage the organisation's alert subscriptions.",
    "identity:signatures": "Validate electronic signatures.",
    "identity:mail-links": "Fetch the signed links that e-mails carry (the region's alerts service).",
    "audit:read": "Read and verify the security audit log.",
}
_COMMON = frozenset({"notices:read", "bids:read", "documents:read", "documents:write", "alerts:write",
                     "identity:signatures"})
# Which scopes an organisation of each kind may grant to its own clients.
GRANTABLE_SCOPES = {
    "buyer": _COMMON | {"notices:write"},
    "supplier": _COMMON | {"bids:write"},
    "platform": frozenset(SCOPES),
}
SECRET_PREFIX = "pcs_"  # lets secret scanners recognise a leaked secret
SUBJECT_PREFIX = "client:"


class InvalidClient(ProcureError):
    """RFC 6749 5.2: client authentication failed (unknown client, wrong secret, revoked)."""
    status, title, slug = 401, "Invalid client", "invalid-client"

    def __init__(self, detail: str = "The client is unknown, revoked, or its secret is wrong."):
        super().__init__(detail, error="invalid_client",
                         headers={"WWW-Authenticate": 'Basic realm="procure", charset="UTF-8"'})


class InvalidScope(ProcureError):
    """RFC 6749 5.2: the requested scope exceeds what the client was granted."""
    status, title, slug = 400, "Invalid scope", "invalid-scope"

    def __init__(self, detail: str):
        super().__init__(detail, error="invalid_scope")


@dataclass
class ApiClient:
    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    scopes: tuple[str, ...]
    secret_hash: str = field(repr=False)
    created_at: datetime
    created_by: str
    secret_rotated_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def subject(self) -> str:
        return f"{SUBJECT_PREFIX}{self.id}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def hash_secret(secret: str) -> str:
    # The secret is 256 random bits, not a password a person chose: no dictionary or brute
    # force can reach it, so a slow hash (argon2) would add nothing but a CPU cost on every
    # token request, which an attacker could turn against the token endpoint.
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A fresh secret and its hash; the secret itself is shown once and never stored."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    return secret, hash_secret(secret)


def secret_matches(client: ApiClient | None, secret: str) -> bool:
    expected = client.secret_hash if client else "0" * 64
    return hmac.compare_digest(expected, hash_secret(secret)) and client is not None


def check_grantable(scopes: list[str], organisation_kind: str) -> tuple[str, ...]:
    """The scopes, sorted and without duplicates; 422 for one the organisation may not grant."""
    grantable = GRANTABLE_SCOPES.get(organisation_kind, frozenset())
    refused = sorted({scope for scope in scopes if scope not in grantable})
    if refused:
        raise InvalidInput(f"A {organisation_kind} organisation cannot grant: {', '.join(refused)}.",
                           errors={"scopes": [f"Not grantable here: {scope}." for scope in refused]})
    if not scopes:
        raise InvalidInput("Grant the client at least one scope.", errors={"scopes": ["Give at least one."]})
    return tuple(sorted(set(scopes)))


def create_api_client(*, organisation_id: uuid.UUID, organisation_kind: str, name: str, scopes: list[str],
                      created_by: str, now: datetime) -> tuple[ApiClient, str]:
    secret, secret_hash = new_secret()
    client = ApiClient(id=uuid.uuid4(), organisation_id=organisation_id, name=name,
                       scopes=check_grantable(scopes, organisation_kind), secret_hash=secret_hash,
                       created_at=now, created_by=created_by)
    return client, secret


def granted_scopes(client: ApiClient, requested: str | None) -> tuple[str, ...]:
    """RFC 6749 3.3: no `scope` means all the client's scopes; a `scope` may only narrow them."""
    if requested is None or not requested.strip():
        return client.scopes
    asked = set(requested.split())
    beyond = sorted(asked - set(client.scopes))
    if beyond:
        raise InvalidScope(f"The client was not granted: {', '.join(beyond)}.")
    return tuple(sorted(asked))
