"""A notice is drafted inside its buyer's organisation, then published to everyone."""
from __future__ import annotations

import uuid
from datetime import timedelta, timezone

import pytest

from procure.errors import Conflict, InvalidInput
from services.notices.domain.events import NoticeDrafted, NoticePublished
from services.notices.domain.model import Notice, NoticeStatus
from tests.services.notices.fakes import utc

pytestmark = pytest.mark.unit

NOW = utc(2030, 3, 1, 9, 0)
BUYER = uuid.UUID("11111111-1111-4111-8111-111111111111")
OTHER_BUYER = uuid.UUID("22222222-2222-4222-8222-222222222222")


def a_draft(**changes) -> Notice:
    values = dict(buyer_id=BUYER, title={"fr": "Entretien des routes", "en": "Road maintenance"},
                  cpv_code="45233141-9", submission_deadline=NOW + timedelta(days=30), created_by="user-1",
                  now=NOW)
    values.update(changes)
    return Notice.draft(**values)


def test_a_new_notice_is_a_draft_at_version_one():
    notice = a_draft()

    assert notice.status is NoticeStatus.DRAFT
    assert notice.version == 1
    assert notice.created_at == NOW
    assert notice.published_at is None


def test_drafting_records_notice_drafted():
    notice = a_draft()

    assert notice.events == [NoticeDrafted(id=notice.id, buyer_id=BUYER, title=notice.title)]


def test_a_draft_keeps_its_own_copy_of_the_title():
    title = {"fr": "Voirie"}
    notice = a_draft(title=title)

    title["fr"] = "changed by the caller"

    assert notice.title == {"fr": "Voirie"}


@pytest.mark.parametrize("deadline", [NOW - timedelta(days=1), NOW - timedelta(seconds=1), NOW])
def test_a_draft_with_a_deadline_that_is_not_in_the_future_is_refused(deadline):
    with pytest.raises(InvalidInput) as raised:
        a_draft(submission_deadline=deadline)

    assert raised.value.errors == {"submission_deadline": ["Must be in the future."]}


def test_publishing_moves_a_draft_to_published_and_bumps_its_version():
    notice = a_draft()
    later = NOW + timedelta(hours=2)

    notice.publish(later)

    assert notice.status is NoticeStatus.PUBLISHED
    assert notice.version == 2
    assert notice.published_at == later


def test_publishing_records_what_consumers_need_to_know():
    notice = a_draft()
    later = NOW + timedelta(hours=2)
    notice.events.clear()

    notice.publish(later)

    assert notice.events == [NoticePublished(
        id=notice.id, buyer_id=BUYER, title={"fr": "Entretien des routes", "en": "Road maintenance"},
        cpv_code="45233141-9", submission_deadline=NOW + timedelta(days=30), published_at=later)]


def test_the_published_event_carries_json_data_with_utc_times():
    paris = timezone(timedelta(hours=1))
    notice = a_draft(submission_deadline=utc(2030, 4, 1, 11, 0).astimezone(paris))
    notice.publish(NOW)

    event = notice.events[-1]

    assert event.type == "notice.published"
    assert event.subject == str(notice.id)
    assert event.data() == {
        "id": str(notice.id), "buyer_id": str(BUYER),
        "title": {"fr": "Entretien des routes", "en": "Road maintenance"}, "cpv_code": "45233141-9",
        "submission_deadline": "2030-04-01T11:00:00Z", "published_at": "2030-03-01T09:00:00Z"}


def test_publishing_twice_is_a_conflict_that_changes_nothing():
    notice = a_draft()
    notice.publish(NOW)
    events_before = list(notice.events)

    with pytest.raises(Conflict):
        notice.publish(NOW + timedelta(minutes=5))

    assert notice.version == 2
    assert notice.published_at == NOW
    assert notice.events == events_before


def test_a_notice_whose_deadline_passed_while_in_draft_cannot_be_published():
    notice = a_draft(submission_deadline=NOW + timedelta(days=1))

    with pytest.raises(InvalidInput):
        notice.publish(NOW + timedelta(days=2))

    assert notice.status is NoticeStatus.DRAFT
    assert notice.version == 1


def test_a_draft_is_visible_to_its_buyer_only():
    notice = a_draft()

    assert notice.visible_to(str(BUYER))
    assert not notice.visible_to(str(OTHER_BUYER))
    assert not notice.visible_to(None)


def test_a_published_notice_is_visible_to_everyone():
    notice = a_draft()
    notice.publish(NOW)

    assert notice.visible_to(str(OTHER_BUYER))
    assert notice.visible_to(None)
