"""CloudEvents 1.0 structured JSON envelopes, carrying the W3C traceparent."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from cloudevents.conversion import to_json
from cloudevents.http import CloudEvent, from_json

from procure.errors import InvalidInput

CONTENT_TYPE = "application/cloudevents+json"


@dataclass(frozen=True)
class Envelope:
    id: str
    source: str
    type: str
    subject: str
    time: str
    data: dict
    traceparent: str | None = None
    tracestate: str | None = None

    def to_json(self) -> bytes:
        attributes = {"id": self.id, "source": self.source, "type": self.type, "subject": self.subject,
                      "time": self.time, "datacontenttype": "application/json"}
        if self.traceparent:
            attributes["traceparent"] = self.traceparent
        if self.tracestate:
            attributes["tracestate"] = self.tracestate
        return to_json(CloudEvent(attributes, self.data))

    @classmethod
    def from_json(cls, body: bytes | str) -> "Envelope":
        try:
            event = from_json(body)
            data = event.data if isinstance(event.data, (dict, list)) else json.loads(event.data or "{}")
        except Exception as error:  # the library raises several unrelated types
            raise InvalidInput(f"not a CloudEvents JSON document: {error}") from error
        if not isinstance(data, dict):
            raise InvalidInput("an event's data must be a JSON object")
        return cls(id=event["id"], source=event["source"], type=event["type"],
                   subject=event.get("subject") or "", time=event.get("time") or "",
                   data=data, traceparent=event.get("traceparent"), tracestate=event.get("tracestate"))


def new_envelope(*, source: str, type_: str, subject: str, data: dict,
                 traceparent: str | None = None, tracestate: str | None = None) -> Envelope:
    now = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    return Envelope(id=str(uuid.uuid4()), source=source, type=type_, subject=subject, time=now,
                    data=data, traceparent=traceparent, tracestate=tracestate)
