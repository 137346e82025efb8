"""Stores and lists a notice's revisions, oldest first so that they replay in order."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.notices.adapters.tables.revisions import notice_revisions
from services.notices.domain.amendments import Revision


class RevisionRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, revision: Revision) -> None:
        self._session.execute(sa.insert(notice_revisions).values(
            notice_id=revision.notice_id, number=revision.number, version=revision.version,
            patch=revision.patch, reason=revision.reason, author=revision.author,
            created_at=revision.created_at, changed_fields=list(revision.changed_fields),
            significant=revision.significant))

    def last_number(self, notice_id: uuid.UUID) -> int:
        return self._session.scalar(
            sa.select(sa.func.coalesce(sa.func.max(notice_revisions.c.number), 0))
            .where(notice_revisions.c.notice_id == notice_id))

    def page(self, notice_id: uuid.UUID, limit: int, after_number: int = 0) -> list[Revision]:
        """Up to `limit` revisions numbered after `after_number`, in order."""
        rows = self._session.execute(
            sa.select(notice_revisions)
            .where(notice_revisions.c.notice_id == notice_id, notice_revisions.c.number > after_number)
            .order_by(notice_revisions.c.number).limit(limit)).mappings()
        return [Revision(**{**row, "changed_fields": tuple(row["changed_fields"])}) for row in rows]
