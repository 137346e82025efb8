"""Engines, the unit of work, and the outbox write that rides in its transaction."""
from __future__ import annotations

import logging

import psycopg
import sqlalchemy as sa
from opentelemetry import propagate
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from procure.events.envelope import new_envelope
from procure.events.model import Event
from procure.events.tables import inbox_table, outbox_table

log = logging.getLogger("procure.database")
_kit_metadata = sa.MetaData()
OUTBOX = outbox_table(_kit_metadata)
INBOX = inbox_table(_kit_metadata)


def create_engine(url: str, **options) -> sa.Engine:
    options.setdefault("pool_pre_ping", True)
    if "poolclass" not in options:
        options.setdefault("pool_size", 10)
        options.setdefault("max_overflow", 20)
    return sa.create_engine(url, **options)


def ensure_database(url: str) -> bool:
    """Create the service's database on its server if it is not there yet."""
    target = make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with admin.connect() as connection:
            exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                       {"name": target.database})
            if exists:
                return False
            try:
                connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
            except (sa.exc.ProgrammingError, sa.exc.IntegrityError) as error:
                # Two creators at once: PostgreSQL reports either of these to the slower one.
                if not isinstance(error.orig, (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation)):
                    raise
                return False  # another replica created it a moment ago
            log.info("created database %s", target.database)
            return True
    finally:
        admin.dispose()


class SqlUnitOfWork:
    """One transaction: the aggregates' changes and their events commit together.

    Services subclass it to add their repositories in `_open(session)`.
    """

    def __init__(self, session_factory: sessionmaker, *, exchange: str, source: str):
        self._session_factory = session_factory
        self._exchange = exchange
        self._source = source
        self.session: Session | None = None
        self._events: list[Event] = []

    def __enter__(self):
        self.session = self._session_factory()
        self._events = []
        self._open(self.session)
        return self

    def __exit__(self, *exc_info):
        self.session.rollback()
        self.session.close()

    def _open(self, session: Session) -> None:
        """Hook for subclasses to build repositories."""

    def record(self, *events: Event) -> None:
        self._events.extend(events)

    def commit(self) -> None:
        self._write_outbox()
        self.session.commit()

    def rollback(self) -> None:
        self._events = []
        self.session.rollback()

    def accept_once(self, consumer: str, event_id: str) -> bool:
        """Records the event in the inbox; False when this consumer already applied it."""
        inserted = self.session.execute(
            insert(INBOX).values(consumer=consumer, event_id=event_id)
            .on_conflict_do_nothing().returning(INBOX.c.event_id)).first()
        return inserted is not None

    def _write_outbox(self) -> None:
        if not self._events:
            return
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        rows = []
        for event in self._events:
            envelope = new_envelope(source=self._source, type_=event.type, subject=event.subject,
                                    data=event.data(), traceparent=carrier.get("traceparent"),
                                    tracestate=carrier.get("tracestate"))
            rows.append({"event_id": envelope.id, "exchange": self._exchange,
                         "routing_key": event.type, "body": envelope.to_json()})
        self.session.execute(sa.insert(OUTBOX), rows)
        self._events = []


def hold_idempotency_key(session: Session, scope: str, key: str) -> None:
    """Until the transaction ends, another request carrying the same key waits here.

    Called before looking the key up: a retry racing the first request then finds the first
    one's result instead of inserting a second row and failing on the unique constraint.
    """
    session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                    {"key": f"{scope}:{key}"})
