"""The hash-chained audit log of security events.

`seq` is given by the appender under a lock (no sequence: a rolled-back transaction must not
leave a gap that looks like a deleted link). The migration adds a trigger refusing UPDATE and DELETE.
"""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from services.identity.adapters.tables.base import metadata

security_events = sa.Table(
    "security_events", metadata,
    sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("action", sa.String(100), nullable=False),
    sa.Column("actor_id", sa.String(200)),
    sa.Column("organisation_id", sa.String(200)),
    sa.Column("subject", sa.String(500)),
    sa.Column("details", postgresql.JSONB(), nullable=False),
    sa.Column("previous_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("ix_security_events_action_seq", "action", "seq"),
    sa.Index("ix_security_events_actor_id_seq", "actor_id", "seq"),
    sa.Index("ix_security_events_organisation_id_seq", "organisation_id", "seq"),
    sa.Index("ix_security_events_occurred_at", "occurred_at"),
)
