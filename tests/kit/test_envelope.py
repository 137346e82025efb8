"""Events travel as CloudEvents 1.0 structured JSON; their data is plain JSON values."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from procure.errors import InvalidInput
from procure.events.envelope import Envelope, new_envelope
from procure.events.model import Event, to_json_value

pytestmark = pytest.mark.unit

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@dataclasses.dataclass(frozen=True)
class SomethingHappened(Event):
    type = "thing.happened"
    id: uuid.UUID
    at: dt.datetime
    amount: Decimal
    on: dt.date
    tags: tuple
    details: dict


def an_envelope(**changes) -> Envelope:
    values = dict(source="https://region.example/notices", type_="notice.published",
                  subject="3f2c1c52-6a55-4a8e-9d0e-0d5c8a1b2c3d",
                  data={"id": "3f2c1c52-6a55-4a8e-9d0e-0d5c8a1b2c3d", "title": {"fr": "Voirie"}},
                  traceparent=TRACEPARENT, tracestate="vendor=value")
    values.update(changes)
    return new_envelope(**values)


def test_an_envelope_survives_a_round_trip_through_json():
    envelope = an_envelope()

    assert Envelope.from_json(envelope.to_json()) == envelope


def test_the_json_document_carries_every_cloudevents_attribute_and_the_traceparent():
    envelope = an_envelope()

    document = json.loads(envelope.to_json())

    assert document["specversion"] == "1.0"
    assert document["id"] == envelope.id
    assert document["source"] == "https://region.example/notices"
    assert document["type"] == "notice.published"
    assert document["subject"] == "3f2c1c52-6a55-4a8e-9d0e-0d5c8a1b2c3d"
    assert document["time"] == envelope.time
    assert document["datacontenttype"] == "application/json"
    assert document["data"] == {"id": "3f2c1c52-6a55-4a8e-9d0e-0d5c8a1b2c3d", "title": {"fr": "Voirie"}}
    assert document["traceparent"] == TRACEPARENT
    assert document["tracestate"] == "vendor=value"


def test_an_envelope_without_trace_context_round_trips_without_one():
    envelope = an_envelope(traceparent=None, tracestate=None)

    document = json.loads(envelope.to_json())
    back = Envelope.from_json(envelope.to_json())

    assert "traceparent" not in document
    assert back.traceparent is None and back.tracestate is None


def test_a_new_envelope_gets_a_unique_uuid_and_an_rfc3339_utc_time():
    first, second = an_envelope(), an_envelope()

    uuid.UUID(first.id)
    assert first.id != second.id
    assert first.time.endswith("Z")
    moment = dt.datetime.fromisoformat(first.time.replace("Z", "+00:00"))
    assert moment.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.timezone.utc) - moment) < dt.timedelta(minutes=1)


def test_an_envelope_is_read_from_text_as_well_as_bytes():
    envelope = an_envelope()

    assert Envelope.from_json(envelope.to_json().decode()) == envelope


@pytest.mark.parametrize("body", [
    b"garbage", b"\xff\xfe", b"", b"{}", b"[]", b"null",
    json.dumps({"specversion": "1.0", "source": "s", "type": "t"}).encode(),  # no id
    json.dumps({"specversion": "1.0", "id": "1", "type": "t"}).encode(),  # no source
], ids=["text", "not-utf8", "empty", "no-specversion", "array", "null", "no-id", "no-source"])
def test_a_body_that_is_not_a_cloudevent_raises_invalid_input(body):
    with pytest.raises(InvalidInput):
        Envelope.from_json(body)


@pytest.mark.parametrize("data", [[1, 2], "hello"], ids=["array", "string"])
def test_a_cloudevent_whose_data_is_not_an_object_raises_invalid_input(data):
    body = json.dumps({"specversion": "1.0", "id": "1", "source": "s", "type": "t",
                       "datacontenttype": "application/json", "data": data})

    with pytest.raises(InvalidInput):
        Envelope.from_json(body)


def test_event_data_turns_datetimes_into_rfc3339_utc_with_z():
    paris = dt.timezone(dt.timedelta(hours=2))
    event = SomethingHappened(id=uuid.UUID(int=1), at=dt.datetime(2030, 6, 1, 14, 30, tzinfo=paris),
                              amount=Decimal("0"), on=dt.date(2030, 6, 1), tags=(), details={})

    assert event.data()["at"] == "2030-06-01T12:30:00Z"


def test_event_data_turns_uuids_decimals_and_dates_into_strings():
    identifier = uuid.uuid4()
    event = SomethingHappened(id=identifier, at=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
                              amount=Decimal("123.45"), on=dt.date(2030, 1, 2), tags=(), details={})

    data = event.data()

    assert data["id"] == str(identifier)
    assert data["amount"] == "123.45"
    assert data["on"] == "2030-01-02"


def test_event_data_converts_values_inside_lists_and_mappings():
    identifier = uuid.uuid4()
    event = SomethingHappened(
        id=uuid.UUID(int=2), at=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc), amount=Decimal("1"),
        on=dt.date(2030, 1, 1), tags=(identifier, Decimal("2.50")),
        details={"deadline": dt.datetime(2030, 1, 1, 9, tzinfo=dt.timezone.utc), 7: [identifier]})

    data = event.data()

    assert data["tags"] == [str(identifier), "2.50"]
    assert data["details"] == {"deadline": "2030-01-01T09:00:00Z", "7": [str(identifier)]}
    json.dumps(data)  # nothing left that JSON cannot carry


def test_an_event_is_about_the_aggregate_named_by_its_id():
    identifier = uuid.uuid4()
    event = SomethingHappened(id=identifier, at=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
                              amount=Decimal("1"), on=dt.date(2030, 1, 1), tags=(), details={})

    assert event.subject == str(identifier)
    assert event.type == "thing.happened"


def test_plain_json_values_are_left_as_they_are():
    assert to_json_value({"a": [1, 2.5, True, None, "x"]}) == {"a": [1, 2.5, True, None, "x"]}
