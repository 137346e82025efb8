"""`notice_changes`: one row per change of a notice that is not a draft, written by a trigger.

The triggers on `notices` (migration 0004) insert the row inside the writing transaction, so
a change is recorded exactly when it commits and vanishes with it when it rolls back. `xid` is
that transaction's id (`xid8`: 64 bits, it never wraps around); services.notices.adapters.feed
explains why the feed is ordered by it.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from services.notices.adapters.tables.base import metadata


class TransactionId(UserDefinedType):
    """PostgreSQL's `xid8`; read it as text (`CAST(xid AS TEXT)`), the driver has no type for it."""

    cache_ok = True

    def get_col_spec(self, **kw) -> str:
        return "XID8"


notice_changes = sa.Table(
    "notice_changes", metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("notice_id", sa.Uuid, nullable=False),
    sa.Column("xid", TransactionId, nullable=False, server_default=sa.text("pg_current_xact_id()")),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index("notice_changes_order", "xid", "seq"),
)
