"""Each service publishes the list of its event types with the JSON Schema of their data."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import jsonschema
import pytest

from procure.events.catalogue import catalogue, data_schema, published_event_types
from procure.events.model import Event
from services.notices.domain.content import content_from_json
from services.notices.domain.events import NoticePublished
from services.notices.domain.notice import Notice, NoticeType
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit


@dataclass(frozen=True)
class ContractSigned(Event):
    """A contract was signed by both parties."""
    type = "contract.signed"
    id: uuid.UUID
    signed_at: datetime


def test_the_catalogue_lists_every_event_class_of_the_service():
    types = [entry["type"] for entry in catalogue("notices")["types"]]
    assert "notice.published" in types
    assert types == sorted(types)


def test_a_service_without_events_publishes_an_empty_catalogue():
    assert published_event_types("services.bids.domain.events") == []


def test_the_data_of_a_real_event_validates_against_its_published_schema():
    now = datetime(2030, 3, 1, 9, tzinfo=timezone.utc)
    body = valid_draft_body(now=now)
    notice = Notice.draft(buyer_id=uuid.uuid4(), notice_type=NoticeType(body.pop("notice_type")),
                          content=content_from_json(body), created_by="user-1", now=now)
    notice.publish(notice.content, now, above_threshold=False)
    event = notice.events[-1]
    assert isinstance(event, NoticePublished)
    jsonschema.Draft202012Validator(data_schema(NoticePublished),
                                    format_checker=jsonschema.FormatChecker()).validate(event.data())


def test_a_schema_refuses_data_missing_a_field():
    with pytest.raises(jsonschema.ValidationError, match="signed_at"):
        jsonschema.validate({"id": str(uuid.uuid4())}, data_schema(ContractSigned))


def test_the_docstring_of_an_event_becomes_its_description(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "services.contracts.domain.events", sys.modules[__name__])
    monkeypatch.setattr(ContractSigned, "__module__", "services.contracts.domain.events")
    (entry,) = [e for e in catalogue.__wrapped__("contracts")["types"] if e["type"] == "contract.signed"]
    assert entry["description"] == "A contract was signed by both parties."
