"""Ask, answer and list clarification questions, each inside a unit of work."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.errors import Conflict, Forbidden, NotFound
from services.notices.domain.commands import AnswerQuestion, AskQuestion
from services.notices.domain.notice import Notice
from services.notices.domain.questions import Question, questions_deadline
from services.notices.service.handlers import Clock, utc_now


@dataclass(frozen=True)
class QuestionPage:
    items: list[Question]
    more: bool
    pending: int | None = None  # how many wait for an answer, where the reader may not see them
    deadline: datetime | None = None


def ask_question(command: AskQuestion, uow, clock: Clock = utc_now) -> tuple[Question, bool]:
    """Returns the question and whether it was asked now (False for a retried request)."""
    with uow:
        if command.idempotency_key:
            earlier = uow.questions.by_idempotency_key(command.asker_organisation, command.idempotency_key)
            if earlier is not None:
                if earlier.notice_id != command.notice_id:
                    raise Conflict("This Idempotency-Key was already used for a question about another notice.")
                return earlier, False
        notice = _visible(uow, command.notice_id, str(command.asker_organisation))
        question = Question.ask(notice, asker_organisation=command.asker_organisation,
                                asked_by=command.asked_by, text=command.text, now=clock())
        uow.questions.add(question, command.idempotency_key)
        _commit(uow, question)
        return question, True


def answer_question(command: AnswerQuestion, uow, clock: Clock = utc_now) -> Question:
    with uow:
        notice = _visible(uow, command.notice_id, command.organisation)
        if not notice.owned_by(command.organisation):
            raise Forbidden("Only the buyer's organisation answers questions about its notice.")
        question = uow.questions.get(command.notice_id, command.question_id, for_update=True)
        if question is None:
            raise NotFound("No such question.")
        question.answer_with(command.text, answered_by=command.answered_by, now=clock())
        uow.questions.save(question)
        _commit(uow, question)
        return question


def notice_questions(notice_id: uuid.UUID, organisation: str | None, *, buyer_view: bool, limit: int,
                     after, uow) -> QuestionPage:
    """The buyer's agents see every question, pending first; everyone else the answered ones and a count."""
    with uow:
        notice = _visible(uow, notice_id, organisation)
        everything = buyer_view and notice.owned_by(organisation)
        found = uow.questions.of_notice(notice_id, answered_only=not everything, limit=limit + 1, after=after)
        pending = None if everything else uow.questions.pending_count(notice_id)
        return QuestionPage(found[:limit], len(found) > limit, pending, questions_deadline(notice))


def own_questions(organisation: uuid.UUID, notice_id: uuid.UUID | None, limit: int, after, uow) -> QuestionPage:
    with uow:
        found = uow.questions.asked_by_organisation(organisation, notice_id=notice_id, limit=limit + 1, after=after)
        return QuestionPage(found[:limit], len(found) > limit)


def pending_questions(buyer_id: uuid.UUID, limit: int, after, uow) -> QuestionPage:
    with uow:
        found = uow.questions.pending_for_buyer(buyer_id, limit=limit + 1, after=after)
        return QuestionPage(found[:limit], len(found) > limit)


def _visible(uow, notice_id: uuid.UUID, organisation: str | None) -> Notice:
    notice = uow.notices.get(notice_id)
    if notice is None or not notice.visible_to(organisation):
        raise NotFound("No such notice.")
    return notice


def _commit(uow, question: Question) -> None:
    uow.record(*question.events)
    question.events.clear()
    uow.commit()
