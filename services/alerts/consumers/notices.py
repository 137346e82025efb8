"""What alerts does with `notices.events`."""
from __future__ import annotations

from typing import Callable

from procure.events.consumer import EventHandlers
from services.alerts.service import handlers

QUEUE = "alerts.notices"


def notices_handlers(uow_factory: Callable) -> EventHandlers:
    return EventHandlers(queue=QUEUE, uow_factory=uow_factory).on(
        "notices.events", "notice.published", handlers.record_published_notice)
