"""The append-only, hash-chained audit log in PostgreSQL.

`record()` keeps the event until the caller's transaction commits; just before the commit the
pending links are appended under one transaction-scoped advisory lock, taken before the head of
the chain is read, so two transactions never both append after the same link (a fork). The lock
is thus held only for the commit itself, and never while the transaction still takes row locks.
"""
from __future__ import annotations

from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.identity.adapters.tables.audit import security_events as table
from services.identity.domain.audit import (
    GENESIS_HASH, AuditLink, SecurityEvent, SecurityEventFilter, link_hash, normalised_details, storable_text, utc,
)

APPEND_LOCK = 0x70726F6375726501  # any fixed 64-bit key; it names the audit chain's head
STREAM_BATCH = 1000


class AuditLog:
    def __init__(self, session: Session):
        self._session = session
        self._pending: list[SecurityEvent] = []
        sa.event.listen(session, "before_commit", self._append_pending)
        sa.event.listen(session, "after_soft_rollback", self._forget_pending)

    def record(self, event: SecurityEvent) -> None:
        """Adds one link to the chain when the caller's transaction commits, or never if it rolls back."""
        self._pending.append(_storable(event))

    def _append_pending(self, session: Session) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(APPEND_LOCK)))
        head = session.execute(sa.select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
        previous_hash, rows = head.hash if head else GENESIS_HASH, []
        for seq, event in enumerate(pending, start=head.seq + 1 if head else 1):
            digest = link_hash(previous_hash, seq, event)
            rows.append({"seq": seq, "occurred_at": event.occurred_at, "action": event.action,
                         "actor_id": event.actor_id, "organisation_id": event.organisation_id,
                         "subject": event.subject, "details": event.details,
                         "previous_hash": previous_hash, "hash": digest})
            previous_hash = digest
        session.execute(sa.insert(table), rows)

    def _forget_pending(self, session: Session, previous_transaction) -> None:
        if not previous_transaction.nested:  # a savepoint rolled back leaves the transaction going on
            self._pending = []

    def links(self) -> Iterator[AuditLink]:
        """Every link in chain order, streamed through a server-side cursor."""
        rows = self._session.execute(sa.select(table).order_by(table.c.seq),
                                     execution_options={"yield_per": STREAM_BATCH})
        for row in rows:
            yield _link(row)

    def page(self, query: SecurityEventFilter) -> list[AuditLink]:
        """Up to `query.limit + 1` links matching the filter, newest first."""
        conditions = [column == value for column, value in (
            (table.c.action, query.action), (table.c.actor_id, query.actor_id),
            (table.c.organisation_id, query.organisation_id)) if value is not None]
        if query.since is not None:
            conditions.append(table.c.occurred_at >= query.since)
        if query.until is not None:
            conditions.append(table.c.occurred_at < query.until)
        if query.before_seq is not None:
            conditions.append(table.c.seq < query.before_seq)
        statement = sa.select(table).where(*conditions).order_by(table.c.seq.desc()).limit(query.limit + 1)
        return [_link(row) for row in self._session.execute(statement)]


def _storable(event: SecurityEvent) -> SecurityEvent:
    """The event exactly as the table will give it back, so that its hash still matches when read."""
    text = {name: storable_text(getattr(event, name), table.c[name].type.length)
            for name in ("action", "actor_id", "organisation_id", "subject")}
    return SecurityEvent(occurred_at=utc(event.occurred_at), details=normalised_details(event.details), **text)


def _link(row) -> AuditLink:
    event = SecurityEvent(action=row.action, occurred_at=row.occurred_at, actor_id=row.actor_id,
                          organisation_id=row.organisation_id, subject=row.subject, details=row.details)
    return AuditLink(seq=row.seq, event=event, previous_hash=row.previous_hash, hash=row.hash)
