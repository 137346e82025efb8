"""Amendment rules: significant or late amendments extend the submission deadline, quoted when they do not."""
from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import jsonpatch
import pytest

from procure.errors import Conflict, InvalidInput
from services.notices.domain.amendments import AmendmentPolicy, amend
from services.notices.domain.content import Deadlines, content_from_json, content_to_json
from services.notices.domain.notice import Notice, NoticeStatus, NoticeType
from tests.services.notices.fakes import utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit

PUBLISHED_AT = utc(2025, 3, 1, 9, 0)
DEADLINE = PUBLISHED_AT + timedelta(days=40)
EARLY = PUBLISHED_AT + timedelta(days=5)
LATE = DEADLINE - timedelta(days=3)
POLICY = AmendmentPolicy(window_days=6, minimum_extension_days=6)


def published() -> Notice:
    body = valid_draft_body(now=PUBLISHED_AT)
    notice = Notice.draft(buyer_id=uuid.uuid4(), notice_type=NoticeType(body.pop("notice_type")),
                          content=content_from_json(body), created_by="user-1", now=PUBLISHED_AT)
    notice.publish(notice.content, PUBLISHED_AT, above_threshold=False)
    notice.events.clear()
    return notice


def changed(notice: Notice, *, extend_days: float | None = None, **fields):
    content = dataclasses.replace(notice.content, **fields)
    if extend_days is not None:
        old = content.deadlines
        content = dataclasses.replace(content, deadlines=Deadlines(
            questions=old.questions, submission=DEADLINE + timedelta(days=extend_days),
            opening=DEADLINE + timedelta(days=extend_days, hours=1)))
    return content


def apply(notice, content, now=EARLY):
    return amend(notice, content, reason="Typo", author="user-2", now=now, number=1, policy=POLICY)


def test_a_minor_early_amendment_needs_no_extension():
    notice = published()

    revision = apply(notice, changed(notice, title={"en": "Renovation of the school"}))

    assert (revision.significant, revision.changed_fields) == (False, ("title",))
    assert notice.content.deadlines.submission == DEADLINE


def test_a_change_of_lots_is_significant_and_refused_without_extension():
    notice = published()
    lots = (dataclasses.replace(notice.content.lots[0], title={"en": "Insulation and roofing"}),)

    with pytest.raises(InvalidInput) as refused:
        apply(notice, changed(notice, lots=lots))

    [rule] = refused.value.errors["deadlines.submission"]
    assert "at least 6 days" in rule and "significant" in rule and (DEADLINE + timedelta(days=6)).isoformat() in rule


def test_a_change_of_award_criteria_with_an_extension_of_the_minimum_is_accepted():
    notice = published()

    revision = apply(notice, changed(notice, award_criteria=notice.content.award_criteria[:1] and (
        dataclasses.replace(notice.content.award_criteria[0], weight=None),), extend_days=6))

    assert revision.significant and notice.content.deadlines.submission == DEADLINE + timedelta(days=6)


def test_an_extension_shorter_than_the_minimum_is_refused_with_the_rule_quoted():
    notice = published()
    lots = (dataclasses.replace(notice.content.lots[0], title={"en": "Roofing"}),)

    with pytest.raises(InvalidInput) as refused:
        apply(notice, changed(notice, lots=lots, extend_days=5))

    assert "at least 6 days" in refused.value.errors["deadlines.submission"][0]


def test_bringing_the_deadline_forward_is_a_significant_change_of_dates():
    notice = published()

    with pytest.raises(InvalidInput):
        apply(notice, changed(notice, extend_days=-2))


def test_only_extending_the_deadline_is_not_significant():
    notice = published()

    revision = apply(notice, changed(notice, extend_days=2))

    assert not revision.significant and revision.changed_fields == ("deadlines",)


def test_a_minor_amendment_within_the_window_must_extend_the_deadline():
    notice = published()

    with pytest.raises(InvalidInput) as refused:
        apply(notice, changed(notice, title={"en": "Renovation"}), now=LATE)

    assert "less than 6 days before" in refused.value.errors["deadlines.submission"][0]


def test_a_minor_amendment_within_the_window_with_the_extension_is_accepted():
    notice = published()

    revision = apply(notice, changed(notice, title={"en": "Renovation"}, extend_days=6), now=LATE)

    assert not revision.significant and notice.version == 3


def test_the_revision_patch_turns_the_old_content_into_the_new():
    notice = published()
    before = content_to_json(notice.content)

    revision = apply(notice, changed(notice, title={"en": "Renovation"}, extend_days=7))

    assert jsonpatch.apply_patch(before, revision.patch) == content_to_json(notice.content)


def test_notice_amended_summarises_the_change():
    notice = published()

    apply(notice, changed(notice, title={"en": "Renovation"}, extend_days=7))

    [event] = notice.events
    assert (event.type, event.changed_fields, event.significant, event.reason, event.revision) == (
        "notice.amended", ["deadlines", "title"], False, "Typo", 1)
    assert event.deadlines == content_to_json(notice.content)["deadlines"]


def test_an_amendment_that_changes_nothing_is_refused():
    notice = published()

    with pytest.raises(InvalidInput):
        apply(notice, notice.content)


@pytest.mark.parametrize("status", [status for status in NoticeStatus if status is not NoticeStatus.PUBLISHED])
def test_only_a_published_notice_is_amended(status):
    notice = published()
    notice.status = status

    with pytest.raises(Conflict):
        apply(notice, changed(notice, title={"en": "Renovation"}))


def test_no_amendment_once_the_deadline_has_passed():
    notice = published()

    with pytest.raises(Conflict):
        apply(notice, changed(notice, title={"en": "Renovation"}, extend_days=10), now=DEADLINE)
