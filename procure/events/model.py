"""What a service's domain records when something happened (plain Python)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import uuid
from typing import Any, ClassVar


@dataclasses.dataclass(frozen=True)
class Event:
    """A past-tense fact. Subclasses set `type` (the routing key, e.g. `notice.published`)."""

    type: ClassVar[str]

    @property
    def subject(self) -> str:
        """The aggregate the fact is about; defaults to a field named `id`."""
        return str(getattr(self, "id"))

    def data(self) -> dict[str, Any]:
        return {f.name: to_json_value(getattr(self, f.name)) for f in dataclasses.fields(self)}


def to_json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, (dt.date, uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json_value(v) for v in value]
    return value
