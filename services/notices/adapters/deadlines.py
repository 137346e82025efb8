"""Finds notices whose submission deadline has passed, for the scheduler that closes them.

The row comes back locked with `FOR UPDATE SKIP LOCKED`: another scheduler instance skips it
instead of waiting, and takes the next due notice, so each transition is made by one instance.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.notices.adapters.tables.notices import notices


class DueNotices:
    def __init__(self, session: Session):
        self._session = session

    def lock_next_to_close(self, now: datetime) -> uuid.UUID | None:
        return self._session.scalar(
            sa.select(notices.c.id)
            .where(notices.c.status == "published", notices.c.submission_deadline <= now)
            .order_by(notices.c.submission_deadline, notices.c.id)
            .limit(1).with_for_update(skip_locked=True))
