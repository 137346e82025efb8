"""`procure worker notices`: relays the notices outbox to `notices.events`, closes submission at each
deadline, and moves notices on when the bids service opens tenders or decides an award."""
from __future__ import annotations

from procure.config import load_settings
from procure.service import service_context
from procure.worker import ConsumerRunner, Worker
from services.notices.app import NoticesWiring
from services.notices.config import NoticesSettings
from services.notices.consumers.bids import bids_handlers
from services.notices.service.scheduler import DeadlineScheduler


def create_worker(config: NoticesSettings | None = None, *, tracer_provider=None) -> Worker:
    settings = config or load_settings(NoticesSettings)
    context = service_context("notices", settings, tracer_provider=tracer_provider)
    wiring = NoticesWiring(context)
    scheduler = DeadlineScheduler(wiring.unit_of_work, wiring.clock, poll_seconds=settings.deadline_poll_seconds,
                                  batch_size=settings.deadline_batch_size)
    consumer = ConsumerRunner(settings.amqp_url.get_secret_value(), bids_handlers(wiring.unit_of_work, wiring.clock),
                              retry_delays=settings.consumer_retry_delays, tracer_provider=context.tracer_provider)
    return Worker("notices", [context.outbox_relay(), scheduler, consumer])
