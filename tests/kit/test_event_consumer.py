"""Consumers: a failing message is retried then dead-lettered, never dropped; a duplicate is applied once."""
from __future__ import annotations

import json
import threading
import time
import uuid

import pytest
import sqlalchemy as sa
from kombu import Connection, Producer

from procure.database import SqlUnitOfWork
from procure.events.consumer import EventHandlers
from procure.events.envelope import new_envelope
from procure.events.publisher import event_exchange
from procure.worker import ConsumerRunner
from tests.kit.conftest import applications
from tests.support.http import eventually

pytestmark = pytest.mark.integration
RETRY_DELAYS = (0.1, 0.2)


def _run(amqp_url: str, handlers: EventHandlers):
    runner = ConsumerRunner(amqp_url, handlers, retry_delays=RETRY_DELAYS)
    stop = threading.Event()
    thread = threading.Thread(target=runner.run, args=(stop,), daemon=True)
    thread.start()
    assert runner.ready.wait(15), "the consumer never started"
    return stop, thread


def _publish(amqp_url: str, exchange: str, body: bytes) -> None:
    with Connection(amqp_url) as connection:
        producer = Producer(connection.channel())
        producer.publish(body, exchange=event_exchange(exchange), routing_key="notice.published",
                         content_type="application/cloudevents+json", declare=[event_exchange(exchange)])


def _envelope() -> bytes:
    return new_envelope(source="https://test/notices", type_="notice.published", subject=str(uuid.uuid4()),
                        data={"id": "x"}).to_json()


def _uow_factory(session_factory):
    return lambda: SqlUnitOfWork(session_factory, exchange="test.events", source="https://test/alerts")


def _applied(engine, event_id: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(applications)
                                 .where(applications.c.event_id == event_id))


def test_a_redelivered_event_is_applied_once(events_engine, session_factory, amqp_url, exchange):
    def apply(envelope, uow):
        uow.session.execute(sa.insert(applications).values(event_id=envelope.id))

    queue = f"{exchange}.consumer"
    stop, thread = _run(amqp_url, EventHandlers(queue, _uow_factory(session_factory))
                        .on(exchange, "notice.published", apply))
    try:
        body = _envelope()
        event_id = json.loads(body)["id"]
        _publish(amqp_url, exchange, body)
        _publish(amqp_url, exchange, body)
        assert eventually(lambda: _applied(events_engine, event_id) >= 1)
        time.sleep(0.5)  # room for the second delivery to be (wrongly) applied
        assert _applied(events_engine, event_id) == 1
    finally:
        stop.set()
        thread.join(10)


def test_a_message_that_keeps_failing_ends_in_the_dead_letter_queue(session_factory, amqp_url, exchange):
    attempts = []

    def fail(envelope, uow):
        attempts.append(envelope.id)
        raise RuntimeError("the handler cannot apply this")

    queue = f"{exchange}.consumer"
    stop, thread = _run(amqp_url, EventHandlers(queue, _uow_factory(session_factory))
                        .on(exchange, "notice.published", fail))
    try:
        body = _envelope()
        _publish(amqp_url, exchange, body)
        with Connection(amqp_url) as connection, connection.SimpleQueue(f"{queue}.dead-letter") as dead:
            parked = dead.get(timeout=15)
            assert json.loads(parked.body)["id"] == json.loads(body)["id"]
            assert parked.headers["x-procure-attempt"] == len(RETRY_DELAYS) + 1
            assert "cannot apply" in parked.headers["x-procure-error"]
            parked.ack()
        assert len(attempts) == len(RETRY_DELAYS) + 1
    finally:
        stop.set()
        thread.join(10)


def test_a_message_that_is_not_an_event_is_dead_lettered_not_dropped(session_factory, amqp_url, exchange):
    queue = f"{exchange}.consumer"
    stop, thread = _run(amqp_url, EventHandlers(queue, _uow_factory(session_factory))
                        .on(exchange, "notice.published", lambda envelope, uow: None))
    try:
        _publish(amqp_url, exchange, b"this is not json")
        with Connection(amqp_url) as connection, connection.SimpleQueue(f"{queue}.dead-letter") as dead:
            parked = dead.get(timeout=15)
            assert parked.body == b"this is not json"
            parked.ack()
    finally:
        stop.set()
        thread.join(10)
