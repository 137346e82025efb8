"""`procure worker alerts`: consumes the events alerts reacts to, and relays its own outbox."""
from __future__ import annotations

from procure.config import load_settings
from procure.service import service_context
from procure.worker import ConsumerRunner, Worker
from services.alerts.app import AlertsWiring
from services.alerts.config import AlertsSettings
from services.alerts.consumers.notices import notices_handlers


def create_worker(config: AlertsSettings | None = None, *, tracer_provider=None) -> Worker:
    settings = config or load_settings(AlertsSettings)
    context = service_context("alerts", settings, tracer_provider=tracer_provider)
    wiring = AlertsWiring(context)
    consumer = ConsumerRunner(settings.amqp_url.get_secret_value(), notices_handlers(wiring.unit_of_work),
                              retry_delays=settings.consumer_retry_delays, tracer_provider=context.tracer_provider)
    return Worker("alerts", [context.outbox_relay(), consumer])
