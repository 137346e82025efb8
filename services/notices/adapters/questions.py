"""Loads and saves clarification questions; lists them in keyset pages.

Every list is ordered by a key the cursor carries whole: the notice's questions by
(answered, asked_at, id) so that pending ones come first, an organisation's own by
(asked_at, id) newest first, a buyer's pending ones by (asked_at, id) oldest first.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from procure.database import hold_idempotency_key
from services.notices.adapters.tables.questions import notice_questions as questions
from services.notices.domain.questions import Question, QuestionStatus

_FIELDS = ("id", "notice_id", "buyer_id", "asker_organisation", "asked_by", "text", "asked_at", "answer",
           "answered_by", "answered_at")
_ANSWERED = questions.c.status == QuestionStatus.ANSWERED.value
_PENDING = questions.c.status == QuestionStatus.PENDING.value


class QuestionRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, question: Question, idempotency_key: str | None = None) -> None:
        self._session.execute(sa.insert(questions).values(**_columns(question), idempotency_key=idempotency_key))

    def get(self, notice_id: uuid.UUID, question_id: uuid.UUID, *, for_update: bool = False) -> Question | None:
        query = sa.select(questions).where(questions.c.id == question_id, questions.c.notice_id == notice_id)
        row = self._session.execute(query.with_for_update() if for_update else query).mappings().first()
        return _question(row) if row else None

    def by_idempotency_key(self, asker_organisation: uuid.UUID, key: str) -> Question | None:
        hold_idempotency_key(self._session, f"question:{asker_organisation}", key)
        row = self._session.execute(sa.select(questions).where(
            questions.c.asker_organisation == asker_organisation, questions.c.idempotency_key == key)
        ).mappings().first()
        return _question(row) if row else None

    def save(self, question: Question) -> None:
        self._session.execute(sa.update(questions).where(questions.c.id == question.id)
                              .values(**_columns(question)))

    def of_notice(self, notice_id: uuid.UUID, *, answered_only: bool, limit: int,
                  after: tuple[bool, datetime, uuid.UUID] | None) -> list[Question]:
        """A notice's questions, pending first, each group in the order asked."""
        order = (_ANSWERED, questions.c.asked_at, questions.c.id)
        query = sa.select(questions).where(questions.c.notice_id == notice_id)
        if answered_only:
            query = query.where(_ANSWERED)
        if after is not None:
            query = query.where(sa.tuple_(*order) > sa.tuple_(*after))
        return self._list(query.order_by(*order), limit)

    def pending_count(self, notice_id: uuid.UUID) -> int:
        return self._session.execute(sa.select(sa.func.count()).select_from(questions).where(
            questions.c.notice_id == notice_id, _PENDING)).scalar_one()

    def asked_by_organisation(self, organisation: uuid.UUID, *, notice_id: uuid.UUID | None, limit: int,
                              after: tuple[datetime, uuid.UUID] | None) -> list[Question]:
        """An organisation's own questions, newest first."""
        query = sa.select(questions).where(questions.c.asker_organisation == organisation)
        if notice_id is not None:
            query = query.where(questions.c.notice_id == notice_id)
        if after is not None:
            query = query.where(sa.tuple_(questions.c.asked_at, questions.c.id) < sa.tuple_(*after))
        return self._list(query.order_by(questions.c.asked_at.desc(), questions.c.id.desc()), limit)

    def pending_for_buyer(self, buyer_id: uuid.UUID, *, limit: int,
                          after: tuple[datetime, uuid.UUID] | None) -> list[Question]:
        """A buyer's unanswered questions across its notices, the longest waiting first."""
        query = sa.select(questions).where(questions.c.buyer_id == buyer_id, _PENDING)
        if after is not None:
            query = query.where(sa.tuple_(questions.c.asked_at, questions.c.id) > sa.tuple_(*after))
        return self._list(query.order_by(questions.c.asked_at, questions.c.id), limit)

    def _list(self, query, limit: int) -> list[Question]:
        return [_question(row) for row in self._session.execute(query.limit(limit)).mappings()]


def _columns(question: Question) -> dict:
    return {**{name: getattr(question, name) for name in _FIELDS}, "status": question.status.value}


def _question(row) -> Question:
    return Question(**{name: row[name] for name in _FIELDS}, status=QuestionStatus(row["status"]))
