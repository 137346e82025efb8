"""`procure worker notices`: relays the notices outbox to `notices.events`."""
from __future__ import annotations

from procure.config import load_settings
from procure.service import service_context
from procure.worker import Worker
from services.notices.config import NoticesSettings


def create_worker(config: NoticesSettings | None = None, *, tracer_provider=None) -> Worker:
    settings = config or load_settings(NoticesSettings)
    context = service_context("notices", settings, tracer_provider=tracer_provider)
    return Worker("notices", [context.outbox_relay()])
