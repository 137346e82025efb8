"""The published list of a service's event types, each with the JSON Schema of its `data`.

A back-office system binding its own queue reads this to know what it will receive. The
schemas are derived from the event dataclasses themselves, so the catalogue cannot drift from
what the outbox writes (a test validates real events against it).
"""
from __future__ import annotations

import importlib
import inspect
from functools import cache

from pydantic import TypeAdapter

from procure.events.model import Event

CLOUDEVENTS_SPEC = "https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md"


def published_event_types(module_name: str) -> list[type[Event]]:
    """Event classes defined in the module (a service's `domain.events`), by type name."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return []
    found = [value for value in vars(module).values()
             if inspect.isclass(value) and issubclass(value, Event) and value.__module__ == module_name
             and isinstance(getattr(value, "type", None), str)]
    return sorted(found, key=lambda event_class: event_class.type)


def data_schema(event_class: type[Event]) -> dict:
    schema = TypeAdapter(event_class).json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


@cache
def catalogue(service: str) -> dict:
    """What `GET /v1/<service>/event-types` answers; built once per process."""
    return {
        "service": service,
        "exchange": f"{service}.events",
        "envelope": {"format": "CloudEvents 1.0, structured JSON", "spec": CLOUDEVENTS_SPEC},
        "types": [{"type": event_class.type, "routing_key": event_class.type,
                   "description": _description(event_class),
                   "data_schema": data_schema(event_class)}
                  for event_class in published_event_types(f"services.{service}.domain.events")],
    }


def _description(event_class: type[Event]) -> str | None:
    doc = inspect.getdoc(event_class) or ""
    # A dataclass without a docstring gets its signature as one: not a description.
    return None if not doc or doc.startswith(f"{event_class.__name__}(") else doc
