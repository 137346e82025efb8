"""Loads and saves notices; optimistic concurrency on `version`."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from procure.errors import PreconditionFailed
from services.notices.adapters.tables import notices
from services.notices.domain.model import Notice, NoticeStatus

_FIELDS = ("id", "buyer_id", "title", "cpv_code", "submission_deadline", "created_by", "created_at",
           "version", "published_at")


class NoticeRepository:
    def __init__(self, session: Session):
        self._session = session
        self.seen: list[Notice] = []  # the unit of work collects their events

    def add(self, notice: Notice, idempotency_key: str | None = None) -> None:
        self._session.execute(sa.insert(notices).values(
            **_columns(notice), status=notice.status.value, idempotency_key=idempotency_key))
        self.seen.append(notice)

    def get(self, notice_id: uuid.UUID, *, for_update: bool = False) -> Notice | None:
        query = sa.select(notices).where(notices.c.id == notice_id)
        if for_update:
            query = query.with_for_update()
        row = self._session.execute(query).mappings().first()
        return _notice(row) if row else None

    def by_idempotency_key(self, buyer_id: uuid.UUID, key: str) -> Notice | None:
        row = self._session.execute(sa.select(notices).where(
            notices.c.buyer_id == buyer_id, notices.c.idempotency_key == key)).mappings().first()
        return _notice(row) if row else None

    def save(self, notice: Notice, previous_version: int) -> None:
        updated = self._session.execute(
            sa.update(notices).where(notices.c.id == notice.id, notices.c.version == previous_version)
            .values(**_columns(notice), status=notice.status.value))
        if updated.rowcount != 1:
            raise PreconditionFailed("The notice changed meanwhile; read it again.")
        self.seen.append(notice)

    def published_page(self, limit: int, after: tuple[datetime, uuid.UUID] | None) -> list[Notice]:
        query = (sa.select(notices).where(notices.c.published_at.is_not(None))
                 .order_by(notices.c.published_at.desc(), notices.c.id.desc()).limit(limit))
        if after is not None:
            query = query.where(sa.tuple_(notices.c.published_at, notices.c.id) < sa.tuple_(*after))
        return [_notice(row) for row in self._session.execute(query).mappings()]


def _columns(notice: Notice) -> dict:
    return {name: getattr(notice, name) for name in _FIELDS}


def _notice(row) -> Notice:
    return Notice(**{name: row[name] for name in _FIELDS}, status=NoticeStatus(row["status"]))
