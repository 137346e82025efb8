"""Reads the change feed: every change of every non-draft notice, each exactly once, none skipped.

Why not simply "order by modification time and id"
    A writer stamps its rows when its transaction runs, but other readers see them only when it
    commits. A transaction that stamps 10:00:00 and commits at 10:00:05 becomes visible after one
    that stamped 10:00:03 and committed at once: a reader that had already moved its cursor past
    10:00:03 never sees the first change. A sequence has the same flaw (numbers are taken in one
    order and committed in another). No value written by the transaction itself can be known to
    be final until every transaction that could still write a smaller one has ended.

The watermark
    Each row of `notice_changes` carries `xid`, the id of the transaction that wrote it, and
    `seq`, its place inside that transaction. The feed is ordered by `(xid, seq)` and shows only
    the rows with `xid < pg_snapshot_xmin(pg_current_snapshot())`: xmin is the oldest transaction
    still running when the reading statement took its snapshot. Every transaction with a smaller
    id has then ended: its rows are either committed, and visible to that same snapshot, or rolled
    back and gone for ever. Transactions still running, and every future one, have an id of at
    least xmin, so no row can ever appear below the watermark later. The cursor is the
    `(xid, seq)` of the last change handed out, always below the watermark of the read that
    handed it out: the next read continues strictly after it and can neither skip nor repeat a
    change. `xid8` is the 64-bit form of transaction ids, which never wraps around.

What a client sees
    The order is that in which the writing transactions began to write, then the order of the
    writes inside each: it is neither the commit order nor the `modified_at` order, and no client
    can tell any of them apart, since concurrent changes have no order of their own to observe.
    Each item still carries `changed_at` (when the transaction ran) and the notice's current
    `modified_at`. Two transactions changing the same notice take turns on its row lock, yet the
    later may have started to write first: apply an item only when its `version` is newer than
    the one held. `notice` is the notice as it reads now (not as it was at the change), so a
    mirror that upserts it by version is always right.
    The watermark waits for the oldest running transaction of the whole PostgreSQL server that
    has written anything: a long transaction (anywhere on the server) delays the feed, never
    loses a change. The feed reads the primary server, where transaction ids are assigned.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from services.notices.adapters.tables.feed import TransactionId, notice_changes
from services.notices.domain.feed import BEGINNING, FeedPosition, NoticeChange

# The current notice, read by name: the feed depends on these columns only, not on the notices code.
_notices = sa.table(
    "notices", sa.column("id", sa.Uuid), sa.column("buyer_id", sa.Uuid), sa.column("notice_type", sa.Text),
    sa.column("status", sa.Text), sa.column("title", JSONB), sa.column("content", JSONB),
    sa.column("version", sa.Integer), sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("modified_at", sa.DateTime(timezone=True)))
NOTICE_FIELDS = ("id", "buyer_id", "notice_type", "status", "title", "content", "version", "published_at",
                 "modified_at")

_changes = notice_changes.c
_WATERMARK = sa.func.pg_snapshot_xmin(sa.func.pg_current_snapshot())


class ChangeFeed:
    def __init__(self, session: Session):
        self._session = session

    def after(self, position: FeedPosition | None, limit: int) -> list[NoticeChange]:
        """Up to `limit` changes after `position`, all below the watermark, in feed order."""
        position = position or BEGINNING
        after = sa.tuple_(sa.cast(sa.literal(str(position.transaction)), TransactionId()),
                          sa.literal(position.sequence, sa.BigInteger))
        query = (sa.select(_changes.seq, sa.cast(_changes.xid, sa.Text).label("xid"), _changes.notice_id,
                           _changes.status, _changes.version, _changes.changed_at,
                           *(_notices.c[name].label(f"current_{name}") for name in NOTICE_FIELDS))
                 .select_from(notice_changes.outerjoin(_notices, _notices.c.id == _changes.notice_id))
                 .where(_changes.xid < _WATERMARK, sa.tuple_(_changes.xid, _changes.seq) > after)
                 .order_by(_changes.xid, _changes.seq).limit(limit))
        return [_change(row) for row in self._session.execute(query).mappings()]


def _change(row) -> NoticeChange:
    current = {name: row[f"current_{name}"] for name in NOTICE_FIELDS}
    public = current["id"] is not None and current["status"] != "draft"
    return NoticeChange(position=FeedPosition(int(row["xid"]), row["seq"]), notice_id=row["notice_id"],
                        status=row["status"], version=row["version"], changed_at=row["changed_at"],
                        modified_at=current["modified_at"] if public else None,
                        notice=current if public else None)
