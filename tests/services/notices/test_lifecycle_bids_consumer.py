"""`bids.opened` and `award.decided` move a notice on, inside the consumer's unit of work."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from procure.events.envelope import Envelope
from services.notices.consumers.bids import award_decided, tenders_opened
from services.notices.domain.content import content_from_json
from services.notices.domain.notice import Notice, NoticeStatus, NoticeType
from tests.services.notices.fakes import FakeNoticesUnitOfWork, FakeNoticeStore, FixedClock, utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit

PUBLISHED_AT = utc(2025, 3, 1, 9, 0)
CLOCK = FixedClock(PUBLISHED_AT + timedelta(days=41))


def store_with(status: NoticeStatus) -> tuple[FakeNoticeStore, Notice]:
    body = valid_draft_body(now=PUBLISHED_AT)
    notice = Notice.draft(buyer_id=uuid.uuid4(), notice_type=NoticeType(body.pop("notice_type")),
                          content=content_from_json(body), created_by="user-1", now=PUBLISHED_AT)
    notice.publish(notice.content, PUBLISHED_AT, above_threshold=False)
    notice.status = status
    store = FakeNoticeStore()
    with FakeNoticesUnitOfWork(store) as uow:
        uow.notices.add(notice)
        uow.commit()
    store.outbox.clear()
    return store, notice


def envelope(event_type: str, **data) -> Envelope:
    return Envelope(id=str(uuid.uuid4()), source="https://region.example/bids", type=event_type,
                    subject=str(data.get("notice_id")), time="2025-04-11T09:00:00Z", data=data)


def consume(store: FakeNoticeStore, handler, message: Envelope) -> None:
    with FakeNoticesUnitOfWork(store) as uow:
        handler(message, uow, CLOCK)
        uow.commit()


def test_bids_opened_opens_a_closed_notice_and_says_so():
    store, notice = store_with(NoticeStatus.SUBMISSION_CLOSED)

    consume(store, tenders_opened, envelope("bids.opened", notice_id=str(notice.id)))

    assert store.notice(notice.id).status is NoticeStatus.OPENED
    assert [event.type for event in store.outbox] == ["notice.opened"]


def test_an_award_decision_awards_an_opened_notice():
    store, notice = store_with(NoticeStatus.OPENED)

    consume(store, award_decided, envelope("award.decided", notice_id=str(notice.id), outcome="awarded"))

    assert store.notice(notice.id).status is NoticeStatus.AWARDED
    assert [event.type for event in store.outbox] == ["notice.awarded"]


def test_an_unsuccessful_decision_ends_the_procedure_without_award():
    store, notice = store_with(NoticeStatus.OPENED)

    consume(store, award_decided, envelope("award.decided", notice_id=str(notice.id), outcome="unsuccessful"))

    assert store.notice(notice.id).status is NoticeStatus.UNSUCCESSFUL
    assert [event.type for event in store.outbox] == ["notice.unsuccessful"]


def test_the_same_opening_reported_twice_changes_nothing_the_second_time():
    store, notice = store_with(NoticeStatus.SUBMISSION_CLOSED)
    consume(store, tenders_opened, envelope("bids.opened", notice_id=str(notice.id)))

    consume(store, tenders_opened, envelope("bids.opened", notice_id=str(notice.id)))

    assert store.notice(notice.id).version == notice.version + 1
    assert len(store.outbox) == 1


def test_an_award_before_opening_is_refused_so_the_message_is_retried_not_lost():
    store, notice = store_with(NoticeStatus.SUBMISSION_CLOSED)

    with pytest.raises(Exception) as refused:
        consume(store, award_decided, envelope("award.decided", notice_id=str(notice.id)))

    assert refused.value.status == 409 and store.notice(notice.id).status is NoticeStatus.SUBMISSION_CLOSED


def test_a_fact_about_an_unknown_notice_is_ignored():
    store, _ = store_with(NoticeStatus.SUBMISSION_CLOSED)

    consume(store, tenders_opened, envelope("bids.opened", notice_id=str(uuid.uuid4())))

    assert store.outbox == []
