"""Clarification questions: suppliers ask about a published notice until its questions deadline, the buyer answers.

Questions and answers are public, the asker never: only the asking organisation can find its own
questions again, and neither the buyer nor the events learn who asked.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from procure.errors import Conflict
from procure.events.model import to_json_value
from services.notices.domain.events import QuestionAnswered, QuestionAsked
from services.notices.domain.notice import Notice, NoticeStatus

QUESTION_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 10_000


class QuestionStatus(str, Enum):
    PENDING = "pending"
    ANSWERED = "answered"


class QuestionsClosed(Conflict):
    title, slug = "Questions closed", "questions-closed"


class AlreadyAnswered(Conflict):
    title, slug = "Already answered", "question-already-answered"


def questions_deadline(notice: Notice) -> datetime | None:
    """The questions deadline, or the submission deadline when the notice sets none."""
    deadlines = notice.content.deadlines
    return deadlines.questions or deadlines.submission


def check_questions_open(notice: Notice, now: datetime) -> None:
    """Questions are taken while the notice is published and its questions deadline has not passed."""
    deadline = questions_deadline(notice)
    if notice.status is not NoticeStatus.PUBLISHED:
        raise QuestionsClosed(f"The notice is {notice.status.value}; it takes no more questions.")
    if deadline is not None and now >= deadline:
        raise QuestionsClosed(f"The questions deadline of this notice passed at {to_json_value(deadline)}.",
                              deadline=to_json_value(deadline))


@dataclass
class Question:
    id: uuid.UUID
    notice_id: uuid.UUID
    buyer_id: uuid.UUID
    asker_organisation: uuid.UUID  # never shown to the buyer nor put in an event
    asked_by: str
    text: str
    asked_at: datetime
    status: QuestionStatus = QuestionStatus.PENDING
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def ask(cls, notice: Notice, *, asker_organisation: uuid.UUID, asked_by: str, text: str,
            now: datetime) -> Question:
        check_questions_open(notice, now)
        question = cls(id=uuid.uuid4(), notice_id=notice.id, buyer_id=notice.buyer_id,
                       asker_organisation=asker_organisation, asked_by=asked_by, text=text, asked_at=now)
        question.events.append(QuestionAsked(id=question.id, notice_id=notice.id, buyer_id=notice.buyer_id,
                                             text=text, asked_at=now))
        return question

    @property
    def is_answered(self) -> bool:
        return self.status is QuestionStatus.ANSWERED

    def answer_with(self, text: str, *, answered_by: str, now: datetime) -> None:
        """An answer is published for everyone at once, so it is given once: a correction is a corrigendum."""
        if self.is_answered:
            raise AlreadyAnswered("This question is already answered.")
        self.status, self.answer, self.answered_by, self.answered_at = (
            QuestionStatus.ANSWERED, text, answered_by, now)
        self.events.append(QuestionAnswered(id=self.id, notice_id=self.notice_id, buyer_id=self.buyer_id,
                                            question=self.text, answer=text, asked_at=self.asked_at,
                                            answered_at=now))
