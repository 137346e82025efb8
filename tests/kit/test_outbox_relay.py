"""The outbox: an event committed with its change reaches the broker, once, whatever the broker does."""
from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest
import sqlalchemy as sa
from kombu import Connection, Queue

from procure.database import OUTBOX, SqlUnitOfWork
from procure.events.model import Event
from procure.events.publisher import BrokerPublisher, event_exchange
from procure.events.relay import OutboxRelay
from tests.support.http import eventually
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class NoticePublished(Event):
    type = "notice.published"
    id: uuid.UUID


def _commit_events(session_factory, exchange: str, count: int) -> list[str]:
    ids = [uuid.uuid4() for _ in range(count)]
    uow = SqlUnitOfWork(session_factory, exchange=exchange, source="https://test/notices")
    with uow:
        uow.record(*(NoticePublished(id=notice_id) for notice_id in ids))
        uow.commit()
    return [str(notice_id) for notice_id in ids]


def _bound_queue(amqp_url: str, exchange: str) -> Queue:
    queue = Queue(f"{exchange}.observer", exchange=event_exchange(exchange), routing_key="#", durable=False)
    with Connection(amqp_url) as connection:
        queue(connection.channel()).declare()
    return queue


def _drain(amqp_url: str, queue: Queue, expected: int, timeout: float = 15.0) -> list[str]:
    """The subjects of what arrives; it waits half a second more so that a duplicate would show."""
    subjects: list[str] = []
    deadline = time.monotonic() + timeout
    with Connection(amqp_url) as connection, connection.SimpleQueue(queue) as simple:
        while time.monotonic() < deadline:
            try:
                message = simple.get(timeout=0.5)
            except simple.Empty:
                if len(subjects) >= expected:
                    break
                continue
            subjects.append(json.loads(message.body)["subject"])
            message.ack()
    return subjects


def _pending(engine, exchange: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(OUTBOX).where(
            OUTBOX.c.exchange == exchange, OUTBOX.c.published_at.is_(None)))


def _through(proxy: TcpProxy, amqp_url: str) -> str:
    parts = urlsplit(amqp_url)
    netloc = f"{parts.username}:{parts.password}@127.0.0.1:{proxy.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def test_an_event_committed_while_the_broker_is_down_is_delivered_once_it_is_back(
        events_engine, session_factory, amqp_url, exchange):
    queue = _bound_queue(amqp_url, exchange)
    parts = urlsplit(amqp_url)
    proxy = TcpProxy(parts.hostname, parts.port or 5672)
    proxy.cut()
    relay = OutboxRelay(events_engine, BrokerPublisher(_through(proxy, amqp_url)), poll_seconds=0.05,
                        max_backoff_seconds=0.5)
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    try:
        ids = _commit_events(session_factory, exchange, 3)
        assert not eventually(lambda: _pending(events_engine, exchange) == 0, timeout=1.5)
        proxy.restore()
        assert sorted(_drain(amqp_url, queue, 3)) == sorted(ids)
        assert _pending(events_engine, exchange) == 0
    finally:
        stop.set()
        thread.join(10)
        proxy.close()


def test_two_relays_running_at_once_publish_each_event_once(events_engine, session_factory, amqp_url, exchange):
    queue = _bound_queue(amqp_url, exchange)
    ids = _commit_events(session_factory, exchange, 300)
    stop = threading.Event()
    relays = [OutboxRelay(events_engine, BrokerPublisher(amqp_url), poll_seconds=0.05, batch_size=20)
              for _ in range(2)]
    threads = [threading.Thread(target=relay.run, args=(stop,), daemon=True) for relay in relays]
    for thread in threads:
        thread.start()
    try:
        received = _drain(amqp_url, queue, len(ids), timeout=30)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    assert len(received) == len(ids)
    assert sorted(received) == sorted(ids)
