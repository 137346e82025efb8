"""The notice aggregate: a draft, its edits and its publication, without any server."""
from __future__ import annotations

import dataclasses
import uuid

import pytest

from procure.errors import Conflict
from services.notices.domain.content import content_from_json, content_to_json
from services.notices.domain.events import NoticeDrafted, NoticePublished
from services.notices.domain.notice import Notice, NoticeStatus, NoticeType
from tests.services.notices.fakes import utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit

NOW = utc(2025, 3, 1, 9, 0)
BUYER = uuid.uuid4()


def content():
    body = valid_draft_body(now=NOW)
    body.pop("notice_type")
    return content_from_json(body)


def draft() -> Notice:
    return Notice.draft(buyer_id=BUYER, notice_type=NoticeType.CONTRACT, content=content(), created_by="user-1",
                        now=NOW)


def test_a_new_notice_is_a_draft_at_version_one_modified_when_created():
    notice = draft()

    assert (notice.status, notice.version, notice.modified_at) == (NoticeStatus.DRAFT, 1, NOW)


def test_drafting_records_notice_drafted_with_the_type():
    [event] = draft().events

    assert isinstance(event, NoticeDrafted) and event.notice_type == "contract"


def test_content_survives_its_json_form_unchanged():
    original = content()

    assert content_from_json(content_to_json(original)) == original


def test_editing_a_draft_replaces_its_content_and_gives_a_new_version():
    notice = draft()
    changed = dataclasses.replace(notice.content, title={"en": "New title"})

    notice.edit(changed, utc(2025, 3, 2))

    assert (notice.content.title, notice.version, notice.modified_at) == ({"en": "New title"}, 2, utc(2025, 3, 2))


def test_a_published_notice_cannot_be_edited_only_amended():
    notice = draft()
    notice.publish(notice.content, NOW, above_threshold=False)

    with pytest.raises(Conflict):
        notice.edit(notice.content, NOW)


def test_publishing_records_what_alerts_needs():
    notice = draft()
    notice.publish(notice.content, NOW, above_threshold=False)

    event = notice.events[-1]
    assert isinstance(event, NoticePublished)
    data = event.data()
    assert data["cpv_codes"] == ["45000000-7", "45233141-9", "45321000-3"]
    assert data["nuts_codes"] == ["FRC11"] and data["languages"] == ["en", "fr"]
    assert data["estimated_value"] == {"amount": "850000.00", "currency": "EUR"}
    assert data["above_threshold"] is False and data["green"] is True
    assert data["published_at"] == "2025-03-01T09:00:00Z" and data["submission_deadline"].endswith("Z")


def test_publishing_twice_is_a_conflict():
    notice = draft()
    notice.publish(notice.content, NOW, above_threshold=False)

    with pytest.raises(Conflict):
        notice.publish(notice.content, NOW, above_threshold=False)
    assert notice.version == 2


def test_a_draft_is_visible_to_its_buyer_only_and_a_published_notice_to_everyone():
    notice = draft()
    assert notice.visible_to(str(BUYER)) and not notice.visible_to(str(uuid.uuid4()))
    assert not notice.visible_to(None)

    notice.publish(notice.content, NOW, above_threshold=False)

    assert notice.visible_to(None)
