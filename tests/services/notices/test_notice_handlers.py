"""The notices handlers, each inside a (fake, in-memory) unit of work."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from procure.errors import Conflict, Forbidden, NotFound, PreconditionFailed
from services.notices.domain.commands import DraftNotice, PublishNotice
from services.notices.domain.model import NoticeStatus
from services.notices.service import handlers
from tests.services.notices.fakes import FakeNoticesUnitOfWork, FakeNoticeStore, FixedClock, utc

pytestmark = pytest.mark.unit

BUYER = uuid.UUID("11111111-1111-4111-8111-111111111111")
OTHER_BUYER = uuid.UUID("22222222-2222-4222-8222-222222222222")


@pytest.fixture
def store() -> FakeNoticeStore:
    return FakeNoticeStore()


@pytest.fixture
def uow(store) -> FakeNoticesUnitOfWork:
    return FakeNoticesUnitOfWork(store)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(utc(2030, 3, 1, 9, 0))


def draft_command(clock, *, buyer=BUYER, key=None, **changes) -> DraftNotice:
    values = dict(buyer_id=buyer, title={"fr": "Voirie"}, cpv_code="45233141-9",
                  submission_deadline=clock.now + timedelta(days=30), created_by="user-1", idempotency_key=key)
    values.update(changes)
    return DraftNotice(**values)


def drafted(uow, clock, **changes):
    notice, _ = handlers.draft_notice(draft_command(clock, **changes), uow, clock)
    return notice


def publish(uow, clock, notice_id, *, organisation=str(BUYER), version=1):
    return handlers.publish_notice(PublishNotice(notice_id=notice_id, organisation=organisation,
                                                 expected_version=version), uow, clock)


def test_drafting_stores_the_notice_and_its_event_in_one_commit(uow, store, clock):
    notice, created = handlers.draft_notice(draft_command(clock), uow, clock)

    assert created is True
    assert store.notice(notice.id).status is NoticeStatus.DRAFT
    assert store.notice(notice.id).created_at == clock.now
    assert [event.id for event in store.events_of("notice.drafted")] == [notice.id]
    assert store.commits == 1


def test_a_retried_draft_with_the_same_idempotency_key_gives_back_the_same_notice(uow, store, clock):
    first, first_created = handlers.draft_notice(draft_command(clock, key="retry-key-0001"), uow, clock)

    again, created = handlers.draft_notice(draft_command(clock, key="retry-key-0001"), uow, clock)

    assert created is False
    assert again.id == first.id and first_created is True
    assert len(store.rows) == 1
    assert len(store.events_of("notice.drafted")) == 1


def test_an_idempotency_key_belongs_to_one_buyer(uow, store, clock):
    mine = drafted(uow, clock, key="shared-key-0001")
    theirs, created = handlers.draft_notice(draft_command(clock, buyer=OTHER_BUYER, key="shared-key-0001"),
                                            uow, clock)

    assert created is True
    assert theirs.id != mine.id
    assert len(store.rows) == 2


def test_drafts_without_an_idempotency_key_are_distinct(uow, store, clock):
    drafted(uow, clock)
    drafted(uow, clock)

    assert len(store.rows) == 2


def test_publishing_stores_the_new_version_and_the_published_event(uow, store, clock):
    notice = drafted(uow, clock)
    clock.advance(hours=1)

    published = publish(uow, clock, notice.id)

    assert published.version == 2
    stored = store.notice(notice.id)
    assert (stored.status, stored.version, stored.published_at) == (NoticeStatus.PUBLISHED, 2, clock.now)
    [event] = store.events_of("notice.published")
    assert event.id == notice.id and event.published_at == clock.now


def test_publishing_with_a_stale_version_is_precondition_failed_and_changes_nothing(uow, store, clock):
    notice = drafted(uow, clock)
    publish(uow, clock, notice.id)

    with pytest.raises(PreconditionFailed):
        publish(uow, clock, notice.id, version=1)

    assert store.notice(notice.id).version == 2
    assert len(store.events_of("notice.published")) == 1


def test_publishing_a_version_from_the_future_is_precondition_failed(uow, store, clock):
    notice = drafted(uow, clock)

    with pytest.raises(PreconditionFailed):
        publish(uow, clock, notice.id, version=5)

    assert store.notice(notice.id).status is NoticeStatus.DRAFT
    assert store.events_of("notice.published") == []


def test_another_buyers_draft_answers_exactly_like_a_missing_notice(uow, store, clock):
    notice = drafted(uow, clock)

    with pytest.raises(NotFound) as for_the_draft:
        publish(uow, clock, notice.id, organisation=str(OTHER_BUYER))
    with pytest.raises(NotFound) as for_nothing:
        publish(uow, clock, uuid.uuid4(), organisation=str(OTHER_BUYER))

    assert for_the_draft.value.detail == for_nothing.value.detail
    assert store.notice(notice.id).status is NoticeStatus.DRAFT


def test_a_caller_without_an_organisation_cannot_see_a_draft_to_publish_it(uow, store, clock):
    notice = drafted(uow, clock)

    with pytest.raises(NotFound):
        publish(uow, clock, notice.id, organisation=None)


def test_another_buyer_cannot_publish_a_notice_it_can_see(uow, store, clock):
    notice = drafted(uow, clock)
    publish(uow, clock, notice.id)

    with pytest.raises(Forbidden):
        publish(uow, clock, notice.id, organisation=str(OTHER_BUYER), version=2)

    assert len(store.events_of("notice.published")) == 1


def test_publishing_an_already_published_notice_with_its_current_version_is_a_conflict(uow, store, clock):
    notice = drafted(uow, clock)
    publish(uow, clock, notice.id)

    with pytest.raises(Conflict):
        publish(uow, clock, notice.id, version=2)

    assert len(store.events_of("notice.published")) == 1


def test_reading_a_draft_from_another_organisation_is_not_found(uow, clock):
    notice = drafted(uow, clock)

    with pytest.raises(NotFound):
        handlers.read_notice(notice.id, str(OTHER_BUYER), uow)
    with pytest.raises(NotFound):
        handlers.read_notice(notice.id, None, uow)
    assert handlers.read_notice(notice.id, str(BUYER), uow).id == notice.id


def test_reading_a_published_notice_needs_no_organisation(uow, clock):
    notice = drafted(uow, clock)
    publish(uow, clock, notice.id)

    assert handlers.read_notice(notice.id, None, uow).status is NoticeStatus.PUBLISHED


def test_only_published_notices_are_listed_newest_first(uow, clock):
    older = drafted(uow, clock)
    drafted(uow, clock)  # stays a draft
    newer = drafted(uow, clock)
    publish(uow, clock, older.id)
    clock.advance(minutes=1)
    publish(uow, clock, newer.id)

    listed = handlers.list_published(10, None, uow)

    assert [notice.id for notice in listed] == [newer.id, older.id]
