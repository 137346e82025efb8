"""In-memory stand-ins for the identity service's own ports.

The fake unit of work is transactional like the real one: a handler sees its own writes,
the store only changes on `commit()`, and leaving the `with` block without committing
throws the writes away. Committed events land in `store.outbox`.
"""
from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from services.identity.domain.model import Membership, Organisation, User


@dataclass
class IdentityTables:
    users: dict[uuid.UUID, User] = field(default_factory=dict)
    organisations: dict[uuid.UUID, Organisation] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    refresh_tokens: dict[str, dict] = field(default_factory=dict)


@dataclass
class FakeIdentityStore:
    """What the identity database and its outbox hold after the last commit."""

    tables: IdentityTables = field(default_factory=IdentityTables)
    outbox: list = field(default_factory=list)
    commits: int = 0

    def refresh_family(self, family_id: uuid.UUID) -> list[dict]:
        return [row for row in self.tables.refresh_tokens.values() if row["family_id"] == family_id]


class FakeIdentityRepository:
    """Same methods as services.identity.adapters.repository.IdentityRepository."""

    def __init__(self, tables: IdentityTables):
        self.tables = tables
        self.seen: list[Organisation] = []

    def add_user(self, user: User) -> bool:
        """False when the e-mail address is already registered (the unique index is on lower(email))."""
        if any(known.email.lower() == user.email.lower() for known in self.tables.users.values()):
            return False
        self.tables.users[user.id] = copy.deepcopy(user)
        return True

    def add_organisation(self, organisation: Organisation, membership: Membership) -> None:
        stored = copy.deepcopy(organisation)
        stored.events = []
        self.tables.organisations[organisation.id] = stored
        self.tables.memberships.append(membership)
        self.seen.append(organisation)

    def user_by_email(self, email: str) -> User | None:
        for user in self.tables.users.values():
            if user.email.lower() == email.lower():
                return copy.deepcopy(user)
        return None

    def memberships_of(self, user_id: uuid.UUID) -> list[Membership]:
        return sorted((m for m in self.tables.memberships if m.user_id == user_id),
                      key=lambda m: m.organisation_id)

    def organisation(self, organisation_id: uuid.UUID) -> Organisation | None:
        found = self.tables.organisations.get(organisation_id)
        return copy.deepcopy(found) if found else None

    def add_refresh_token(self, token_hash: str, family_id: uuid.UUID, membership: Membership,
                          expires_at: datetime) -> None:
        if token_hash in self.tables.refresh_tokens:
            raise AssertionError("the primary key on token_hash would refuse this row")
        self.tables.refresh_tokens[token_hash] = {
            "token_hash": token_hash, "family_id": family_id, "user_id": membership.user_id,
            "organisation_id": membership.organisation_id, "expires_at": expires_at,
            "replaced_at": None, "revoked_at": None}

    def refresh_token(self, token_hash: str):
        row = self.tables.refresh_tokens.get(token_hash)
        return dict(row) if row else None

    def mark_replaced(self, token_hash: str, now: datetime) -> None:
        self.tables.refresh_tokens[token_hash]["replaced_at"] = now

    def revoke_family(self, family_id: uuid.UUID, now: datetime) -> None:
        for row in self.tables.refresh_tokens.values():
            if row["family_id"] == family_id and row["revoked_at"] is None:
                row["revoked_at"] = now


class FakeIdentityUnitOfWork:
    """Same protocol as services.identity.service.unit_of_work.IdentityUnitOfWork."""

    def __init__(self, store: FakeIdentityStore):
        self.store = store
        self.identity: FakeIdentityRepository | None = None
        self._pending_events: list = []

    def __enter__(self):
        self.identity = FakeIdentityRepository(copy.deepcopy(self.store.tables))
        self._pending_events = []
        return self

    def __exit__(self, *exc_info):
        self.identity = None  # uncommitted writes are gone, as after a rollback

    def record(self, *events) -> None:
        self._pending_events.extend(events)

    def commit(self) -> None:
        for organisation in self.identity.seen:
            self.record(*organisation.events)
            organisation.events.clear()
        self.store.tables = copy.deepcopy(self.identity.tables)
        self.store.outbox.extend(self._pending_events)
        self.store.commits += 1
        self.identity = FakeIdentityRepository(copy.deepcopy(self.store.tables))
        self._pending_events = []
