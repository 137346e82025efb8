"""In-memory stand-ins for the identity service's own ports.

The fake unit of work is transactional like the real one: a handler sees its own writes,
the store only changes on `commit()`, and leaving the `with` block without committing
throws the writes away. Committed events land in `store.outbox`.

Each area's fake repository takes the shared `IdentityTables`; `FAKE_REPOSITORIES` names
them as the real unit of work does (`uow.people`, `uow.organisations`, ...).
"""
from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from services.identity.domain.audit import SecurityEvent
from services.identity.domain.organisations import Organisation
from services.identity.domain.people import Membership, User


@dataclass
class IdentityTables:
    users: dict[uuid.UUID, User] = field(default_factory=dict)
    organisations: dict[uuid.UUID, Organisation] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    refresh_tokens: dict[str, dict] = field(default_factory=dict)
    audit: list[SecurityEvent] = field(default_factory=list)
    # Areas with their own fakes keep their rows here, under their own key.
    more: dict[str, object] = field(default_factory=dict)


@dataclass
class FakeIdentityStore:
    """What the identity database and its outbox hold after the last commit."""

    tables: IdentityTables = field(default_factory=IdentityTables)
    outbox: list = field(default_factory=list)
    commits: int = 0

    def refresh_family(self, family_id: uuid.UUID) -> list[dict]:
        return [row for row in self.tables.refresh_tokens.values() if row["family_id"] == family_id]


def _stored(aggregate):
    stored = copy.deepcopy(aggregate)
    stored.events = []
    return stored


class FakePeopleRepository:
    """Same methods as services.identity.adapters.people.PeopleRepository."""

    def __init__(self, tables: IdentityTables):
        self.tables = tables
        self.seen: list[User] = []

    def add_user(self, user: User) -> bool:
        """False when the e-mail address is already registered (the unique index is on lower(email))."""
        if any(known.email.lower() == user.email.lower() for known in self.tables.users.values()):
            return False
        self.tables.users[user.id] = _stored(user)
        self.seen.append(user)
        return True

    def user_by_email(self, email: str) -> User | None:
        for user in self.tables.users.values():
            if user.email.lower() == email.lower():
                return self._track(copy.deepcopy(user))
        return None

    def user(self, user_id: uuid.UUID) -> User | None:
        found = self.tables.users.get(user_id)
        return self._track(copy.deepcopy(found)) if found else None

    def add_membership(self, membership: Membership) -> None:
        self.tables.memberships.append(membership)

    def memberships_of(self, user_id: uuid.UUID) -> list[Membership]:
        return sorted((m for m in self.tables.memberships if m.user_id == user_id),
                      key=lambda m: m.organisation_id)

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

    # Log-in throttles and saved users (accounts area).
    def save_user(self, user: User) -> None:
        self.tables.users[user.id] = _stored(user)

    def login_throttle(self, email_key: str):
        return self.tables.more.setdefault("login_throttles", {}).get(email_key)

    def count_login_failure(self, email_key: str) -> int:
        from services.identity.domain.accounts import LoginThrottle
        throttles = self.tables.more.setdefault("login_throttles", {})
        known = throttles.get(email_key) or LoginThrottle()
        throttles[email_key] = LoginThrottle(known.failures + 1, known.next_attempt_at, known.locked_until)
        return known.failures + 1

    def hold_logins(self, email_key: str, throttle) -> None:
        self.tables.more.setdefault("login_throttles", {})[email_key] = throttle

    def clear_login_throttle(self, email_key: str) -> None:
        self.tables.more.setdefault("login_throttles", {}).pop(email_key, None)

    def _track(self, user: User) -> User:
        self.seen.append(user)
        return user


class FakeOrganisationRepository:
    """Same methods as services.identity.adapters.organisations.OrganisationRepository."""

    def __init__(self, tables: IdentityTables):
        self.tables = tables
        self.seen: list[Organisation] = []

    def add(self, organisation: Organisation) -> bool:
        """False when the registration identifier is taken (the unique index on scheme and value)."""
        identifier = organisation.details.identifier
        if identifier and any(known.details.identifier == identifier
                              for known in self.tables.organisations.values()):
            return False
        self.tables.organisations[organisation.id] = _stored(organisation)
        self.seen.append(organisation)
        return True

    def get(self, organisation_id: uuid.UUID) -> Organisation | None:
        found = self.tables.organisations.get(organisation_id)
        if found is None:
            return None
        organisation = copy.deepcopy(found)
        self.seen.append(organisation)
        return organisation

    def of_kind(self, kind) -> Organisation | None:
        found = sorted((o for o in self.tables.organisations.values() if o.kind == kind), key=lambda o: o.created_at)
        return self.get(found[0].id) if found else None

    def save(self, organisation: Organisation) -> bool:
        stored = self.tables.organisations.get(organisation.id)
        if stored is None or stored.version != organisation.version - 1:
            return False
        self.tables.organisations[organisation.id] = _stored(organisation)
        return True


class FakeAuditLog:
    """Same methods as services.identity.adapters.audit_log.AuditLog."""

    def __init__(self, tables: IdentityTables):
        self.tables = tables

    def record(self, event: SecurityEvent) -> None:
        self.tables.audit.append(event)


class FakeApiClientRepository:
    """Same methods as services.identity.adapters.api_clients.ApiClientRepository."""

    def __init__(self, tables: IdentityTables):
        self.rows = tables.more.setdefault("api_clients", {})

    def add(self, client) -> None:
        self.rows[client.id] = copy.deepcopy(client)

    def get(self, client_id: uuid.UUID, *, for_update: bool = False):
        found = self.rows.get(client_id)
        return copy.deepcopy(found) if found else None

    def save(self, client) -> None:
        self.rows[client.id] = copy.deepcopy(client)

    def page(self, organisation_id: uuid.UUID, limit: int, after=None) -> list:
        mine = sorted((c for c in self.rows.values() if c.organisation_id == organisation_id),
                      key=lambda c: (c.created_at, c.id), reverse=True)
        return [copy.deepcopy(c) for c in mine if after is None or (c.created_at, c.id) < after][:limit]


FAKE_REPOSITORIES = {
    "people": FakePeopleRepository,
    "organisations": FakeOrganisationRepository,
    "audit": FakeAuditLog,
    "clients": FakeApiClientRepository,
}


class FakeIdentityUnitOfWork:
    """Same protocol as services.identity.service.unit_of_work.IdentityUnitOfWork."""

    def __init__(self, store: FakeIdentityStore):
        self.store = store
        self._pending_events: list = []

    def __enter__(self):
        self._open(copy.deepcopy(self.store.tables))
        self._pending_events = []
        return self

    def __exit__(self, *exc_info):
        self._tables = None  # uncommitted writes are gone, as after a rollback

    def _open(self, tables: IdentityTables) -> None:
        self._tables = tables
        for name, repository in FAKE_REPOSITORIES.items():
            setattr(self, name, repository(tables))

    def record(self, *events) -> None:
        self._pending_events.extend(events)

    def commit(self) -> None:
        for aggregate in [*self.organisations.seen, *self.people.seen]:
            self.record(*aggregate.events)
            aggregate.events.clear()
        self.store.tables = copy.deepcopy(self._tables)
        self.store.outbox.extend(self._pending_events)
        self.store.commits += 1
        self._open(copy.deepcopy(self.store.tables))
        self._pending_events = []
