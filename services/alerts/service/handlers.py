"""What the alerts service does with the facts it hears, and what it answers."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from procure.events.envelope import Envelope
from services.alerts.domain.model import PublishedNotice

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def record_published_notice(envelope: Envelope, uow, clock: Clock = utc_now) -> PublishedNotice:
    """Runs inside the consumer's unit of work, which commits it with the inbox entry."""
    notice = PublishedNotice.from_event(envelope.data, event_id=envelope.id, received_at=clock())
    uow.published_notices.add(notice)
    return notice


def list_published_notices(limit: int, after, uow) -> list[PublishedNotice]:
    with uow:
        return uow.published_notices.page(limit, after)
