"""What the alerts service knows of a published notice: enough to match and to write an alert."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.errors import InvalidInput

_CPV_SHAPE = re.compile(r"^\d{8}-\d$")


@dataclass(frozen=True)
class PublishedNotice:
    notice_id: uuid.UUID
    buyer_id: uuid.UUID
    title: dict[str, str]
    cpv_code: str
    submission_deadline: datetime | None  # a prior information notice has none
    published_at: datetime
    received_at: datetime
    event_id: str

    @classmethod
    def from_event(cls, data: dict, *, event_id: str, received_at: datetime) -> "PublishedNotice":
        """Reads a `notice.published` event; a malformed one is refused, never half-recorded."""
        try:
            return cls(notice_id=_identifier(data["id"]), buyer_id=_identifier(data["buyer_id"]),
                       title=dict(data["title"]), cpv_code=_cpv_code(data["cpv_code"]),
                       submission_deadline=_optional_instant(data.get("submission_deadline")),
                       published_at=_instant(data["published_at"]), received_at=received_at,
                       event_id=event_id)
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidInput(f"notice.published event {event_id} is malformed: {error!r}") from error


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _identifier(value) -> uuid.UUID:
    return uuid.UUID(_text(value))


def _cpv_code(value) -> str:
    if not _CPV_SHAPE.match(_text(value)):
        raise ValueError(f"{value!r} is not a CPV code")
    return value


def _optional_instant(value) -> datetime | None:
    return None if value is None else _instant(value)


def _instant(value) -> datetime:
    moment = datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{value} has no time zone")
    return moment
