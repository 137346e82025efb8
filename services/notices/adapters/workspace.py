"""A buyer organisation's own notices, drafts included, most recently changed first, with their pending questions."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.notices.adapters.repository import notice_from_row
from services.notices.adapters.tables.notices import notices
from services.notices.adapters.tables.questions import notice_questions as questions
from services.notices.domain.notice import Notice
from services.notices.domain.questions import QuestionStatus


class WorkspaceRepository:
    def __init__(self, session: Session):
        self._session = session

    def notices_of(self, buyer_id: uuid.UUID, *, statuses: tuple[str, ...], limit: int,
                   after: tuple[datetime, uuid.UUID] | None) -> list[tuple[Notice, int]]:
        """Each notice with its number of unanswered questions; `statuses` empty means every status."""
        pending = (sa.select(sa.func.count()).select_from(questions)
                   .where(questions.c.notice_id == notices.c.id,
                          questions.c.status == QuestionStatus.PENDING.value)
                   .scalar_subquery().label("pending_questions"))
        query = sa.select(notices, pending).where(notices.c.buyer_id == buyer_id)
        if statuses:
            query = query.where(notices.c.status.in_(statuses))
        if after is not None:
            query = query.where(sa.tuple_(notices.c.modified_at, notices.c.id) < sa.tuple_(*after))
        query = query.order_by(notices.c.modified_at.desc(), notices.c.id.desc()).limit(limit)
        return [(notice_from_row(row), row["pending_questions"])
                for row in self._session.execute(query).mappings()]
