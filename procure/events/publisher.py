"""Publishing to a service's topic exchange: persistent messages, publisher confirms."""
from __future__ import annotations

import logging

from kombu import Connection, Exchange, Producer

from procure.events.envelope import CONTENT_TYPE

log = logging.getLogger("procure.events.publisher")


def event_exchange(name: str) -> Exchange:
    return Exchange(name, type="topic", durable=True)


def broker_connection(url: str, *, connect_timeout: float = 5.0) -> Connection:
    # confirm_publish makes every basic_publish wait for the broker's ack (or raise on nack)
    return Connection(url, connect_timeout=connect_timeout, heartbeat=30,
                      transport_options={"confirm_publish": True, "max_retries": 1})


def supports_message_ttl(connection: Connection) -> bool:
    return connection.transport.driver_type == "amqp"


class BrokerPublisher:
    """Keeps one connection; any failure drops it so the next call reconnects."""

    def __init__(self, url: str):
        self._url = url
        self._connection: Connection | None = None
        self._producer: Producer | None = None
        self._declared: set[str] = set()

    def publish(self, *, exchange: str, routing_key: str, body: bytes,
                message_id: str, headers: dict[str, str]) -> None:
        try:
            producer = self._ready_producer()
            target = event_exchange(exchange)
            if exchange not in self._declared:
                target.declare(channel=producer.channel)
                self._declared.add(exchange)
            producer.publish(body, exchange=target, routing_key=routing_key, delivery_mode=2,
                             content_type=CONTENT_TYPE, content_encoding="utf-8",
                             message_id=message_id, headers=headers, retry=False)
        except Exception:
            self.close()
            raise

    def _ready_producer(self) -> Producer:
        if self._producer is None:
            connection = broker_connection(self._url)
            connection.ensure_connection(max_retries=1)
            self._connection = connection
            self._producer = Producer(connection.channel())
        return self._producer

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:  # a dead connection may fail to close; it is gone either way
                log.debug("closing a broken broker connection failed", exc_info=True)
        self._connection = self._producer = None
        self._declared.clear()
