"""Draft, edit and publish handlers on the in-memory unit of work."""
from __future__ import annotations

import uuid

import pytest

from procure.errors import Conflict, Forbidden, InvalidInput, NotFound, PreconditionFailed
from procure.events.model import to_json_value
from services.notices.api.notices.schemas import NoticeDraftSchema, parse_content
from services.notices.domain.commands import DraftNotice, EditDraft, PublishNotice
from services.notices.domain.notice import NoticeStatus
from services.notices.service import handlers
from tests.services.notices.fakes import FakeNoticesUnitOfWork, FakeNoticeStore, FixedClock, utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit

BUYER = uuid.UUID("11111111-1111-4111-8111-111111111111")
OTHER = uuid.UUID("22222222-2222-4222-8222-222222222222")
NOW = utc(2025, 3, 1, 9, 0)


@pytest.fixture
def store():
    return FakeNoticeStore()


@pytest.fixture
def uow(store):
    return FakeNoticesUnitOfWork(store)


@pytest.fixture
def clock():
    return FixedClock(NOW)


def command(buyer=BUYER, key=None, **changes) -> DraftNotice:
    body = NoticeDraftSchema().load(valid_draft_body(now=NOW, **changes))
    notice_type, related = body.pop("notice_type"), body.pop("related_notice_id")
    return DraftNotice(buyer_id=buyer, notice_type=notice_type, content=to_json_value(body), created_by="user-1",
                       related_notice_id=related, idempotency_key=key)


def drafted(uow, clock, **changes):
    return handlers.draft_notice(command(**changes), uow, clock)[0]


def test_drafting_stores_the_notice_and_its_event_in_one_commit(uow, store, clock):
    notice = drafted(uow, clock)

    assert store.notice(notice.id).status is NoticeStatus.DRAFT
    assert [event.type for event in store.outbox] == ["notice.drafted"] and store.commits == 1


def test_a_retried_draft_with_the_same_idempotency_key_gives_back_the_same_notice(uow, store, clock):
    first, created = handlers.draft_notice(command(key="draft-0001"), uow, clock)
    again, created_again = handlers.draft_notice(command(key="draft-0001"), uow, clock)

    assert (created, created_again, again.id) == (True, False, first.id)
    assert len(store.rows) == 1


def test_an_idempotency_key_belongs_to_one_buyer(uow, store, clock):
    handlers.draft_notice(command(key="draft-0001"), uow, clock)
    handlers.draft_notice(command(buyer=OTHER, key="draft-0001"), uow, clock)

    assert len(store.rows) == 2


def test_award_notices_are_not_drafted_by_hand(uow, store, clock):
    with pytest.raises(InvalidInput) as refused:
        handlers.draft_notice(DraftNotice(BUYER, "contract-award", {}, "user-1"), uow, clock)

    assert "notice_type" in refused.value.errors and store.rows == {}


def test_an_edit_merges_the_patch_into_the_draft(uow, store, clock):
    notice = drafted(uow, clock)

    edited = handlers.edit_draft(EditDraft(notice.id, str(BUYER), {"title": {"en": None, "de": "Schule"}}, 1),
                                 uow, clock, parse=parse_content)

    assert edited.content.title == {"fr": "Rénovation de l'école Jules Ferry", "de": "Schule"}
    assert store.notice(notice.id).version == 2


def test_an_edit_that_breaks_a_code_list_is_refused_with_the_field_path(uow, store, clock):
    notice = drafted(uow, clock)
    lots = valid_draft_body(now=NOW)["lots"]
    lots[0]["cpv_code"] = "45321000-4"

    with pytest.raises(InvalidInput) as refused:
        handlers.edit_draft(EditDraft(notice.id, str(BUYER), {"lots": lots}, 1), uow, clock, parse=parse_content)

    assert "Wrong check digit" in refused.value.errors["lots.0.cpv_code"][0]
    assert store.notice(notice.id).version == 1


def test_an_edit_with_a_stale_version_is_precondition_failed(uow, clock):
    notice = drafted(uow, clock)

    with pytest.raises(PreconditionFailed):
        handlers.edit_draft(EditDraft(notice.id, str(BUYER), {}, 7), uow, clock, parse=parse_content)


def test_publishing_resolves_the_signature_rule_and_records_the_event(uow, store, clock):
    notice = drafted(uow, clock)

    published = handlers.publish_notice(PublishNotice(notice.id, str(BUYER), 1), uow, clock)

    assert published.status is NoticeStatus.PUBLISHED and published.version == 2
    assert published.above_threshold is False and published.content.esignature_required is False
    assert store.events_of("notice.published")[0].above_threshold is False


def test_publishing_an_already_published_notice_is_a_conflict(uow, clock):
    notice = drafted(uow, clock)
    handlers.publish_notice(PublishNotice(notice.id, str(BUYER), 1), uow, clock)

    with pytest.raises(Conflict):
        handlers.publish_notice(PublishNotice(notice.id, str(BUYER), 2), uow, clock)


def test_another_buyers_draft_answers_exactly_like_a_missing_notice(uow, clock):
    notice = drafted(uow, clock)

    with pytest.raises(NotFound):
        handlers.publish_notice(PublishNotice(notice.id, str(OTHER), 1), uow, clock)


def test_another_buyer_cannot_edit_a_notice_it_can_see(uow, clock):
    notice = drafted(uow, clock)
    handlers.publish_notice(PublishNotice(notice.id, str(BUYER), 1), uow, clock)

    with pytest.raises(Forbidden):
        handlers.edit_draft(EditDraft(notice.id, str(OTHER), {}, 2), uow, clock, parse=parse_content)


def test_a_contract_notice_after_a_published_prior_information_notice_may_close_after_15_days(uow, clock):
    pin = drafted(uow, clock, notice_type="prior-information",
                  deadlines={"questions": None, "submission": None, "opening": None})
    handlers.publish_notice(PublishNotice(pin.id, str(BUYER), 1), uow, clock)
    notice = drafted(uow, clock, related_notice_id=str(pin.id), days=16)

    published = handlers.publish_notice(PublishNotice(notice.id, str(BUYER), 1), uow, clock)

    assert published.status is NoticeStatus.PUBLISHED


def test_without_a_prior_information_notice_16_days_is_too_short(uow, clock):
    notice = drafted(uow, clock, days=16)

    with pytest.raises(InvalidInput) as refused:
        handlers.publish_notice(PublishNotice(notice.id, str(BUYER), 1), uow, clock)

    assert "at least 30 days" in refused.value.errors["deadlines.submission"][0]
