"""Published notices as the alerts service recorded them."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.alerts.adapters.tables import published_notices
from services.alerts.domain.model import PublishedNotice

_FIELDS = tuple(column.name for column in published_notices.columns)


class PublishedNoticeRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, notice: PublishedNotice) -> None:
        # A notice published again (replayed from another region, say) keeps its first record.
        self._session.execute(insert(published_notices)
                              .values(**{name: getattr(notice, name) for name in _FIELDS})
                              .on_conflict_do_nothing(index_elements=["notice_id"]))

    def get(self, notice_id: uuid.UUID) -> PublishedNotice | None:
        row = self._session.execute(sa.select(published_notices).where(
            published_notices.c.notice_id == notice_id)).mappings().first()
        return PublishedNotice(**row) if row else None

    def page(self, limit: int, after: tuple[datetime, uuid.UUID] | None) -> list[PublishedNotice]:
        table = published_notices
        query = sa.select(table).order_by(table.c.published_at.desc(), table.c.notice_id.desc()).limit(limit)
        if after is not None:
            query = query.where(sa.tuple_(table.c.published_at, table.c.notice_id) < sa.tuple_(*after))
        return [PublishedNotice(**row) for row in self._session.execute(query).mappings()]
