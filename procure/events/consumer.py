"""Consuming events: inbox de-duplication, retry with backoff, dead-letter queue.

Each consumer queue `Q` comes with retry queues `Q.retry.N` (RabbitMQ holds a failed
message there for the N-th delay, then dead-letters it back to `Q`) and `Q.dead-letter`,
where a message lands after the last retry. A message is acknowledged only after the
handler's transaction committed, or after it was safely parked in a retry or
dead-letter queue: a failing message is never dropped.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable

from kombu import Connection, Producer, Queue, binding
from kombu.mixins import ConsumerMixin
from opentelemetry import propagate, trace

from procure.events.envelope import Envelope
from procure.events.publisher import event_exchange, supports_message_ttl

log = logging.getLogger("procure.events.consumer")
ATTEMPT_HEADER = "x-procure-attempt"

Handler = Callable[[Envelope, object], None]


@dataclass
class EventHandlers:
    """Which events a consumer queue takes and what it does with each, in a unit of work."""

    queue: str
    uow_factory: Callable[[], object]
    handlers: dict[tuple[str, str], Handler] = field(default_factory=dict)  # (exchange, type) -> handler

    def on(self, exchange: str, event_type: str, handler: Handler) -> "EventHandlers":
        self.handlers[(exchange, event_type)] = handler
        return self

    def handle(self, envelope: Envelope, exchange: str) -> None:
        handler = self.handlers.get((exchange, envelope.type))
        if handler is None:
            log.info("no handler for %s from %s; ignored", envelope.type, exchange)
            return
        with self.uow_factory() as uow:
            if not uow.accept_once(self.queue, envelope.id):
                log.info("event %s already applied by %s; ignored", envelope.id, self.queue)
                return
            handler(envelope, uow)
            uow.commit()


class EventConsumer(ConsumerMixin):
    def __init__(self, connection: Connection, handlers: EventHandlers, *,
                 retry_delays: tuple[float, ...], tracer_provider=None, prefetch: int = 10):
        self.connection = connection
        self._handlers = handlers
        self._delays = tuple(retry_delays)
        self._tracer = trace.get_tracer("procure.events", tracer_provider=tracer_provider)
        self._prefetch = prefetch
        self._producer: Producer | None = None

    @property
    def queue_name(self) -> str:
        return self._handlers.queue

    def queues(self) -> list[Queue]:
        bindings = [binding(event_exchange(exchange), routing_key=event_type)
                    for exchange, event_type in self._handlers.handlers]
        name = self.queue_name
        queues = [Queue(name, bindings=bindings, durable=True),
                  Queue(f"{name}.dead-letter", durable=True)]
        if supports_message_ttl(self.connection):
            queues += [Queue(f"{name}.retry.{n}", durable=True, queue_arguments={
                "x-message-ttl": int(delay * 1000), "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": name}) for n, delay in enumerate(self._delays, start=1)]
        return queues

    def get_consumers(self, Consumer, channel):
        queues = self.queues()
        for queue in queues:
            queue(channel).declare()
        self._producer = Producer(channel)
        return [Consumer(queues=queues[:1], callbacks=[self.on_message], prefetch_count=self._prefetch,
                         accept=["json", "application/cloudevents+json"])]

    def on_message(self, body, message) -> None:
        context = propagate.extract(message.headers or {})
        exchange = message.delivery_info.get("exchange", "")
        try:
            envelope = Envelope.from_json(message.body)
        except Exception as error:
            self._park(message, f"{self.queue_name}.dead-letter", 0, error)
            return
        with self._tracer.start_as_current_span(
                f"{self.queue_name} process {envelope.type}", context=context, kind=trace.SpanKind.CONSUMER,
                attributes={"messaging.system": "rabbitmq", "messaging.destination.name": exchange,
                            "messaging.message.id": envelope.id, "procure.event.subject": envelope.subject}):
            try:
                self._handlers.handle(envelope, _origin_exchange(message, exchange))
            except Exception as error:
                self._retry_or_dead_letter(message, error)
                return
        message.ack()

    def _retry_or_dead_letter(self, message, error: Exception) -> None:
        attempt = int((message.headers or {}).get(ATTEMPT_HEADER, 0)) + 1
        if attempt > len(self._delays):
            log.error("giving up on message %s after %d attempts: %s", message.properties.get("message_id"),
                      attempt, error)
            self._park(message, f"{self.queue_name}.dead-letter", attempt, error)
        elif supports_message_ttl(self.connection):
            log.warning("handler failed (%s); retry %d in %ss", error, attempt, self._delays[attempt - 1])
            self._park(message, f"{self.queue_name}.retry.{attempt}", attempt, error)
        else:
            # An in-memory broker has no message TTL: wait here instead.
            time.sleep(self._delays[attempt - 1])
            self._park(message, self.queue_name, attempt, error)

    def _park(self, message, queue: str, attempt: int, error: Exception) -> None:
        headers = dict(message.headers or {})
        headers.update({ATTEMPT_HEADER: attempt, "x-procure-error": str(error)[:500],
                        "x-procure-original-exchange": _origin_exchange(
                            message, message.delivery_info.get("exchange", ""))})
        self._producer.publish(message.body, exchange="", routing_key=queue, delivery_mode=2,
                               content_type=message.content_type, content_encoding=message.content_encoding,
                               headers=headers, message_id=message.properties.get("message_id"), retry=False)
        message.ack()


def _origin_exchange(message, default: str) -> str:
    """A retried message comes back through the default exchange; remember where it came from."""
    return (message.headers or {}).get("x-procure-original-exchange") or default
