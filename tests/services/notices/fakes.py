"""In-memory stand-ins for the notices service's own ports (unit of work, repository, tokens).

The fake unit of work behaves like a transaction: a handler sees its own writes, nothing
reaches the store until `commit()`, and leaving the `with` block without committing throws
the writes away. Committed events land in `store.outbox`, as the real one writes the outbox.
"""
from __future__ import annotations

import copy
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from procure.errors import PreconditionFailed
from procure.tokens import JwksCache, TokenVerifier
from services.notices.domain.notice import Notice

ISSUER = "https://region.example"
AUDIENCE = "procure"


@dataclass
class StoredNotice:
    notice: Notice
    idempotency_key: str | None


@dataclass
class FakeNoticeStore:
    """What the notices database and its outbox hold after the last commit."""

    rows: dict[uuid.UUID, StoredNotice] = field(default_factory=dict)
    outbox: list = field(default_factory=list)
    commits: int = 0

    def notice(self, notice_id: uuid.UUID) -> Notice:
        return self.rows[notice_id].notice

    def events_of(self, event_type: str) -> list:
        return [event for event in self.outbox if event.type == event_type]


def _loaded(notice: Notice) -> Notice:
    """A notice as a repository returns it: a fresh object with no pending events."""
    fresh = copy.deepcopy(notice)
    fresh.events = []
    return fresh


class FakeNoticeRepository:
    """Same methods as services.notices.adapters.repository.NoticeRepository."""

    def __init__(self, rows: dict[uuid.UUID, StoredNotice]):
        self._rows = rows
        self.seen: list[Notice] = []

    def add(self, notice: Notice, idempotency_key: str | None = None) -> None:
        if notice.id in self._rows:
            raise AssertionError(f"notice {notice.id} added twice")
        if idempotency_key is not None and self.by_idempotency_key(notice.buyer_id, idempotency_key):
            raise AssertionError("the unique (buyer_id, idempotency_key) constraint would refuse this row")
        self._rows[notice.id] = StoredNotice(_loaded(notice), idempotency_key)
        self.seen.append(notice)

    def get(self, notice_id: uuid.UUID, *, for_update: bool = False) -> Notice | None:
        stored = self._rows.get(notice_id)
        return _loaded(stored.notice) if stored else None

    def by_idempotency_key(self, buyer_id: uuid.UUID, key: str) -> Notice | None:
        for stored in self._rows.values():
            if stored.notice.buyer_id == buyer_id and stored.idempotency_key == key:
                return _loaded(stored.notice)
        return None

    def save(self, notice: Notice, previous_version: int) -> None:
        stored = self._rows.get(notice.id)
        if stored is None or stored.notice.version != previous_version:
            raise PreconditionFailed("The notice changed meanwhile; read it again.")
        self._rows[notice.id] = StoredNotice(_loaded(notice), stored.idempotency_key)
        self.seen.append(notice)

    def published_page(self, limit: int, after: tuple[datetime, uuid.UUID] | None) -> list[Notice]:
        published = sorted((stored.notice for stored in self._rows.values() if stored.notice.published_at),
                           key=lambda notice: (notice.published_at, notice.id), reverse=True)
        if after is not None:
            published = [notice for notice in published if (notice.published_at, notice.id) < after]
        return [_loaded(notice) for notice in published[:limit]]


class FakeNoticesUnitOfWork:
    """Same protocol as services.notices.service.unit_of_work.NoticesUnitOfWork."""

    def __init__(self, store: FakeNoticeStore):
        self.store = store
        self.notices: FakeNoticeRepository | None = None
        self._pending_events: list = []

    def __enter__(self):
        self.notices = FakeNoticeRepository(copy.deepcopy(self.store.rows))
        self._pending_events = []
        return self

    def __exit__(self, *exc_info):
        self.notices = None  # uncommitted writes are gone, as after a rollback

    def record(self, *events) -> None:
        self._pending_events.extend(events)

    def commit(self) -> None:
        for notice in self.notices.seen:
            self.record(*notice.events)
            notice.events.clear()
        self.store.rows = copy.deepcopy(self.notices._rows)
        self.store.outbox.extend(self._pending_events)
        self.store.commits += 1
        self.notices = FakeNoticeRepository(copy.deepcopy(self.store.rows))
        self._pending_events = []


class FixedClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


class TokenIssuer:
    """Signs access tokens the way the identity service does, for a verifier over its key set."""

    def __init__(self, kid: str = "test-key"):
        self.kid = kid
        self._key = Ed25519PrivateKey.generate()

    def jwks(self) -> dict:
        jwk = json.loads(OKPAlgorithm.to_jwk(self._key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "EdDSA", "use": "sig"}]}

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(JwksCache(fetch=self.jwks), issuer=ISSUER, audience=AUDIENCE)

    def token(self, *, organisation: uuid.UUID | str | None, roles=("buyer-admin",), subject: str = "user-1") -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": subject, "roles": list(roles), "scope": "api",
                  "iat": now, "exp": now + 900, "jti": str(uuid.uuid4())}
        if organisation is not None:
            claims["org"] = str(organisation)
        return jwt.encode(claims, self._key, algorithm="EdDSA", headers={"kid": self.kid})


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)
