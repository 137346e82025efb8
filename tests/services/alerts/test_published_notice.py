"""The alerts service reads `notice.published` events and refuses malformed ones whole."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from procure.errors import InvalidInput
from procure.events.envelope import new_envelope
from services.alerts.domain.model import PublishedNotice
from services.alerts.service import handlers

pytestmark = pytest.mark.unit

NOTICE_ID = uuid.UUID("33333333-3333-4333-8333-333333333333")
BUYER_ID = uuid.UUID("11111111-1111-4111-8111-111111111111")
RECEIVED = datetime(2030, 3, 1, 9, 0, 5, tzinfo=timezone.utc)


def event_data(**changes) -> dict:
    data = {"id": str(NOTICE_ID), "buyer_id": str(BUYER_ID), "title": {"fr": "Voirie", "en": "Roads"},
            "cpv_code": "45233141-9", "submission_deadline": "2030-04-01T12:00:00Z",
            "published_at": "2030-03-01T09:00:00Z"}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not ...}


def read(data: dict) -> PublishedNotice:
    return PublishedNotice.from_event(data, event_id="event-1", received_at=RECEIVED)


def test_a_published_notice_is_read_from_the_event_data():
    notice = read(event_data())

    assert notice == PublishedNotice(
        notice_id=NOTICE_ID, buyer_id=BUYER_ID, title={"fr": "Voirie", "en": "Roads"}, cpv_code="45233141-9",
        submission_deadline=datetime(2030, 4, 1, 12, 0, tzinfo=timezone.utc),
        published_at=datetime(2030, 3, 1, 9, 0, tzinfo=timezone.utc), received_at=RECEIVED, event_id="event-1")


def test_times_with_an_offset_are_read_as_the_same_instant():
    notice = read(event_data(submission_deadline="2030-04-01T14:00:00+02:00"))

    assert notice.submission_deadline == datetime(2030, 4, 1, 12, 0, tzinfo=timezone.utc)


def test_what_the_notices_service_publishes_is_what_alerts_can_read():
    from tests.support.notices import published_event
    published = published_event(now=datetime(2030, 3, 1, 9, tzinfo=timezone.utc), buyer_id=BUYER_ID)

    notice = read(published.data())

    assert (notice.notice_id, notice.buyer_id, notice.cpv_code) == (published.id, BUYER_ID, "45000000-7")
    assert notice.submission_deadline == published.submission_deadline
    assert notice.published_at == published.published_at


def test_the_notice_keeps_its_own_copy_of_the_title():
    data = event_data()

    notice = read(data)
    data["title"]["fr"] = "changed"

    assert notice.title["fr"] == "Voirie"


@pytest.mark.parametrize("missing", ["id", "buyer_id", "title", "cpv_code", "published_at"])
def test_an_event_missing_a_field_is_refused(missing):
    with pytest.raises(InvalidInput) as raised:
        read(event_data(**{missing: ...}))

    assert "event-1" in raised.value.detail
    assert missing in raised.value.detail


@pytest.mark.parametrize("field, value", [
    ("submission_deadline", "2030-04-01T12:00:00"),
    ("published_at", "2030-03-01T09:00:00"),
    ("published_at", "2030-03-01"),
], ids=["naive-deadline", "naive-published-at", "date-only"])
def test_an_event_with_a_time_without_zone_is_refused(field, value):
    with pytest.raises(InvalidInput):
        read(event_data(**{field: value}))


@pytest.mark.parametrize("field, value", [
    ("id", "not-a-uuid"), ("buyer_id", "1234"), ("id", None), ("buyer_id", None),
    ("submission_deadline", "next tuesday"), ("published_at", ""),
    ("title", "Voirie"), ("title", None), ("title", 7),
])
def test_an_event_with_a_malformed_value_is_refused(field, value):
    with pytest.raises(InvalidInput):
        read(event_data(**{field: value}))


@pytest.mark.parametrize("data", [None, [], "notice"], ids=["null", "array", "string"])
def test_event_data_that_is_not_an_object_is_refused(data):
    with pytest.raises(InvalidInput):
        read(data)


@pytest.mark.parametrize("field, value", [
    ("submission_deadline", 1900000000), ("published_at", 1900000000), ("published_at", None),
    ("id", 42), ("buyer_id", 42),
])
def test_an_event_with_a_number_or_null_where_text_belongs_is_refused(field, value):
    with pytest.raises(InvalidInput):
        read(event_data(**{field: value}))


@pytest.mark.parametrize("value", [None, 45233141], ids=["null", "number"])
def test_an_event_with_a_cpv_code_that_is_not_text_is_refused(value):
    with pytest.raises(InvalidInput):
        read(event_data(cpv_code=value))


class FakePublishedNotices:
    def __init__(self):
        self.added: list[PublishedNotice] = []

    def add(self, notice: PublishedNotice) -> None:
        self.added.append(notice)


class FakeAlertsUnitOfWork:
    """What the consumer hands a handler: its unit of work, committed by the consumer itself."""

    def __init__(self):
        self.published_notices = FakePublishedNotices()


def test_recording_a_published_notice_keeps_the_event_id_and_the_time_it_was_heard():
    envelope = new_envelope(source="https://region.example/notices", type_="notice.published",
                            subject=str(NOTICE_ID), data=event_data())
    uow = FakeAlertsUnitOfWork()

    notice = handlers.record_published_notice(envelope, uow, clock=lambda: RECEIVED)

    assert uow.published_notices.added == [notice]
    assert notice.event_id == envelope.id
    assert notice.received_at == RECEIVED


def test_a_malformed_event_records_nothing():
    envelope = new_envelope(source="https://region.example/notices", type_="notice.published",
                            subject=str(NOTICE_ID), data=event_data(buyer_id="nobody"))
    uow = FakeAlertsUnitOfWork()

    with pytest.raises(InvalidInput):
        handlers.record_published_notice(envelope, uow, clock=lambda: RECEIVED + timedelta(seconds=1))

    assert uow.published_notices.added == []


def test_a_prior_information_notice_without_a_submission_deadline_is_read():
    assert read(event_data(submission_deadline=None)).submission_deadline is None
    assert read(event_data(submission_deadline=...)).submission_deadline is None
