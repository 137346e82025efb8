"""Issuing access tokens (JWT) and rotating refresh tokens (opaque, stored hashed)."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.identity.domain.people import Membership


@dataclass(frozen=True)
class TokenPolicy:
    issuer: str
    audience: str
    access_seconds: int
    refresh_days: int


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_tokens(uow, signer, policy: TokenPolicy, membership: Membership, now: datetime,
                 family_id: uuid.UUID | None = None) -> dict:
    refresh_token = secrets.token_urlsafe(32)
    uow.people.add_refresh_token(hash_refresh_token(refresh_token), family_id or uuid.uuid4(), membership,
                                   now + timedelta(days=policy.refresh_days))
    claims = {"iss": policy.issuer, "aud": policy.audience, "sub": str(membership.user_id),
              "org": str(membership.organisation_id), "roles": list(membership.roles), "scope": "api",
              "iat": int(now.timestamp()), "exp": int(now.timestamp()) + policy.access_seconds,
              "jti": str(uuid.uuid4())}
    return {"access_token": signer.sign(claims), "token_type": "Bearer", "expires_in": policy.access_seconds,
            "refresh_token": refresh_token, "organisation_id": str(membership.organisation_id)}
