"""The outbox relay: moves committed events from a service's outbox to the broker.

Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several relays can run side by
side and no event is published by two of them. A row is marked published only after
the broker confirmed it; a crash in between means one more delivery, which the
consumers' inbox absorbs.
"""
from __future__ import annotations

import json
import logging
import threading

import sqlalchemy as sa
from tenacity import Retrying, retry_if_exception_type, wait_exponential_jitter

from procure.database import OUTBOX

log = logging.getLogger("procure.events.relay")


class OutboxRelay:
    def __init__(self, engine: sa.Engine, publisher, *, poll_seconds: float = 0.2,
                 batch_size: int = 100, max_backoff_seconds: float = 30.0):
        self._engine = engine
        self._publisher = publisher
        self._poll = poll_seconds
        self._batch = batch_size
        self._max_backoff = max_backoff_seconds

    def relay_once(self) -> int:
        """Publishes one batch; returns how many events went out."""
        published: list[int] = []
        with self._engine.connect() as connection, connection.begin():
            rows = connection.execute(
                sa.select(OUTBOX.c.position, OUTBOX.c.event_id, OUTBOX.c.exchange, OUTBOX.c.routing_key,
                          OUTBOX.c.body)
                .where(OUTBOX.c.published_at.is_(None)).order_by(OUTBOX.c.position)
                .limit(self._batch).with_for_update(skip_locked=True)).all()
            try:
                for row in rows:
                    self._publish(row)
                    published.append(row.position)
            finally:
                # Even when the broker fails midway, what it confirmed is recorded.
                if published:
                    connection.execute(sa.update(OUTBOX).where(OUTBOX.c.position.in_(published))
                                       .values(published_at=sa.func.now()))
        return len(published)

    def _publish(self, row) -> None:
        headers = _trace_headers(row.body)
        self._publisher.publish(exchange=row.exchange, routing_key=row.routing_key, body=row.body,
                                message_id=str(row.event_id), headers=headers)

    def run(self, stop: threading.Event) -> None:
        """Relays until `stop` is set, backing off while the broker or database is down."""
        log.info("outbox relay started")
        retrying = Retrying(retry=retry_if_exception_type(Exception), sleep=stop.wait, reraise=True,
                            wait=wait_exponential_jitter(multiplier=0.5, max=self._max_backoff),
                            before_sleep=_log_outage)
        while not stop.is_set():
            try:
                sent = retrying(self._relay_unless_stopped, stop)
            except Exception:
                if stop.is_set():
                    break
                raise
            if sent < self._batch:
                stop.wait(self._poll)
        self._publisher.close()
        log.info("outbox relay stopped")

    def _relay_unless_stopped(self, stop: threading.Event) -> int:
        return 0 if stop.is_set() else self.relay_once()


def _trace_headers(body: bytes) -> dict[str, str]:
    """The envelope already carries the traceparent; repeat it as an AMQP header for tracers."""
    document = json.loads(body)
    return {key: document[key] for key in ("traceparent", "tracestate") if document.get(key)}


def _log_outage(state) -> None:
    log.warning("outbox relay cannot publish (%s); retrying in %.1fs",
                state.outcome.exception(), state.next_action.sleep)
