"""The lifecycle of a notice after publication, with a clock the tests set."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from procure.errors import InvalidInput
from services.notices.domain import lifecycle
from services.notices.domain.content import content_from_json
from services.notices.domain.events import (NoticeAwarded, NoticeCancelled, NoticeOpened, NoticeSubmissionClosed,
                                            NoticeUnsuccessful)
from services.notices.domain.lifecycle import IllegalTransition
from services.notices.domain.notice import Notice, NoticeStatus, NoticeType
from tests.services.notices.fakes import utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit

PUBLISHED_AT = utc(2025, 3, 1, 9, 0)
DEADLINE = PUBLISHED_AT + timedelta(days=40)
AFTER = DEADLINE + timedelta(minutes=1)


def notice_in(status: NoticeStatus) -> Notice:
    body = valid_draft_body(now=PUBLISHED_AT)
    notice = Notice.draft(buyer_id=uuid.uuid4(), notice_type=NoticeType(body.pop("notice_type")),
                          content=content_from_json(body), created_by="user-1", now=PUBLISHED_AT)
    if status is not NoticeStatus.DRAFT:
        notice.publish(notice.content, PUBLISHED_AT, above_threshold=False)
    notice.status = status
    notice.events.clear()
    return notice


TRANSITIONS = {
    "close": (lambda notice: lifecycle.close_submission(notice, AFTER), NoticeStatus.SUBMISSION_CLOSED,
              NoticeSubmissionClosed, {NoticeStatus.PUBLISHED}),
    "open": (lambda notice: lifecycle.open_tenders(notice, AFTER), NoticeStatus.OPENED, NoticeOpened,
             {NoticeStatus.SUBMISSION_CLOSED}),
    "award": (lambda notice: lifecycle.award(notice, AFTER), NoticeStatus.AWARDED, NoticeAwarded,
              {NoticeStatus.OPENED}),
    "unsuccessful": (lambda notice: lifecycle.end_unsuccessful(notice, AFTER), NoticeStatus.UNSUCCESSFUL,
                     NoticeUnsuccessful, {NoticeStatus.SUBMISSION_CLOSED, NoticeStatus.OPENED}),
    "cancel": (lambda notice: lifecycle.cancel(notice, "Budget withdrawn", AFTER), NoticeStatus.CANCELLED,
               NoticeCancelled, {NoticeStatus.PUBLISHED, NoticeStatus.SUBMISSION_CLOSED, NoticeStatus.OPENED}),
}
CELLS = [(name, start, start in TRANSITIONS[name][3]) for name in TRANSITIONS for start in NoticeStatus]


@pytest.mark.parametrize("name, start, legal", CELLS, ids=[f"{n}-from-{s.value}" for n, s, _ in CELLS])
def test_each_transition_is_legal_from_its_states_only(name, start, legal):
    transition, target, event_class, _ = TRANSITIONS[name]
    notice = notice_in(start)
    version = notice.version

    if legal:
        transition(notice)
        assert (notice.status, notice.version, notice.modified_at) == (target, version + 1, AFTER)
        assert [type(event) for event in notice.events] == [event_class]
    else:
        with pytest.raises(IllegalTransition) as refused:
            transition(notice)
        assert refused.value.status == 409 and start.value in refused.value.detail
        assert (notice.status, notice.version, notice.events) == (start, version, [])


def test_submission_does_not_close_before_the_deadline():
    notice = notice_in(NoticeStatus.PUBLISHED)

    with pytest.raises(IllegalTransition):
        lifecycle.close_submission(notice, DEADLINE - timedelta(seconds=1))

    assert notice.status is NoticeStatus.PUBLISHED


def test_submission_closes_at_the_deadline_itself():
    notice = notice_in(NoticeStatus.PUBLISHED)

    lifecycle.close_submission(notice, DEADLINE)

    [event] = notice.events
    assert (event.submission_deadline, event.closed_at) == (DEADLINE, DEADLINE)


def test_a_notice_without_a_submission_deadline_is_never_due():
    notice = notice_in(NoticeStatus.PUBLISHED)
    notice.content = content_from_json({**valid_draft_body(now=PUBLISHED_AT), "deadlines": {}})

    assert not lifecycle.is_due_for_closing(notice, AFTER + timedelta(days=3650))


def test_a_cancellation_keeps_its_reason_and_says_what_the_notice_was():
    notice = notice_in(NoticeStatus.SUBMISSION_CLOSED)

    lifecycle.cancel(notice, "  Budget withdrawn ", AFTER)

    [event] = notice.events
    assert notice.cancellation_reason == "Budget withdrawn"
    assert (event.reason, event.previous_status, event.cancelled_at) == ("Budget withdrawn", "submission-closed",
                                                                         AFTER)


def test_a_cancellation_without_a_reason_is_refused():
    notice = notice_in(NoticeStatus.PUBLISHED)

    with pytest.raises(InvalidInput) as refused:
        lifecycle.cancel(notice, "   ", AFTER)

    assert "reason" in refused.value.errors and notice.status is NoticeStatus.PUBLISHED
