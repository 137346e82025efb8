"""`procure worker bids`: relays the bids outbox to `bids.events`."""
from __future__ import annotations

from procure.config import load_settings
from procure.service import service_context
from procure.worker import Worker
from services.bids.config import BidsSettings


def create_worker(config: BidsSettings | None = None, *, tracer_provider=None) -> Worker:
    settings = config or load_settings(BidsSettings)
    context = service_context("bids", settings, tracer_provider=tracer_provider)
    return Worker("bids", [context.outbox_relay()])
