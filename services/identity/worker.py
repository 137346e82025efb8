"""`procure worker identity`: relays the identity outbox to `identity.events`."""
from __future__ import annotations

from procure.config import load_settings
from procure.service import service_context
from procure.worker import Worker
from services.identity.config import IdentitySettings


def create_worker(config: IdentitySettings | None = None, *, tracer_provider=None) -> Worker:
    settings = config or load_settings(IdentitySettings)
    context = service_context("identity", settings, tracer_provider=tracer_provider)
    return Worker("identity", [context.outbox_relay()])
