"""The questions deadline and the anonymity of questions, in the domain, with a controlled clock."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from procure.errors import Conflict
from services.notices.domain.content import Deadlines, content_from_json
from services.notices.domain.notice import Notice, NoticeStatus, NoticeType
from services.notices.domain.questions import Question, QuestionsClosed, QuestionStatus, questions_deadline
from tests.services.notices.fakes import utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit

NOW = utc(2025, 3, 3, 9, 0)
SUPPLIER = uuid.uuid4()


def published(**deadlines) -> Notice:
    body = valid_draft_body(now=NOW)
    notice = Notice.draft(buyer_id=uuid.uuid4(), notice_type=NoticeType(body.pop("notice_type")),
                          content=content_from_json(body), created_by="buyer-1", now=NOW)
    if deadlines:
        notice.content = replace(notice.content, deadlines=Deadlines(**deadlines))
    notice.publish(notice.content, NOW, above_threshold=False)
    return notice


def ask(notice: Notice, now=NOW) -> Question:
    return Question.ask(notice, asker_organisation=SUPPLIER, asked_by="supplier-1", text="Is a site visit planned?",
                        now=now)


def test_a_question_one_second_before_the_questions_deadline_is_taken():
    notice = published(questions=NOW + timedelta(days=5), submission=NOW + timedelta(days=40))

    question = ask(notice, now=NOW + timedelta(days=5) - timedelta(seconds=1))

    assert question.status is QuestionStatus.PENDING and question.notice_id == notice.id


def test_a_question_at_the_questions_deadline_is_refused_quoting_it():
    notice = published(questions=NOW + timedelta(days=5), submission=NOW + timedelta(days=40))

    with pytest.raises(QuestionsClosed) as refused:
        ask(notice, now=NOW + timedelta(days=5))

    assert refused.value.status == 409 and "2025-03-08T09:00:00Z" in refused.value.detail
    assert refused.value.extensions["deadline"] == "2025-03-08T09:00:00Z"


def test_without_a_questions_deadline_the_submission_deadline_closes_questions():
    notice = published(submission=NOW + timedelta(days=40))

    assert questions_deadline(notice) == NOW + timedelta(days=40)
    ask(notice, now=NOW + timedelta(days=39))
    with pytest.raises(QuestionsClosed):
        ask(notice, now=NOW + timedelta(days=40, seconds=1))


def test_a_notice_no_longer_published_takes_no_question_even_before_its_deadline():
    notice = published(questions=NOW + timedelta(days=5), submission=NOW + timedelta(days=40))
    notice.status = NoticeStatus.CANCELLED

    with pytest.raises(QuestionsClosed, match="cancelled"):
        ask(notice)


def test_the_events_of_a_question_never_name_the_asker():
    question = ask(published())
    question.answer_with("Yes, on 12 March.", answered_by="buyer-2", now=NOW + timedelta(hours=2))

    asked, answered = question.events
    for event in (asked, answered):
        text = str(event.data())
        assert str(SUPPLIER) not in text and "supplier-1" not in text
    assert (asked.type, answered.type) == ("notice.question-asked", "notice.question-answered")
    assert answered.data()["answer"] == "Yes, on 12 March." and answered.data()["question"] == question.text


def test_a_question_is_answered_once():
    question = ask(published())
    question.answer_with("Yes.", answered_by="buyer-2", now=NOW)

    with pytest.raises(Conflict):
        question.answer_with("No.", answered_by="buyer-2", now=NOW)
    assert question.answer == "Yes."
