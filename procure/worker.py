"""Background work of a service: its outbox relay and its event consumers, as threads."""
from __future__ import annotations

import logging
import signal
import threading
from typing import Protocol

from procure.events.consumer import EventConsumer, EventHandlers
from procure.events.publisher import broker_connection

log = logging.getLogger("procure.worker")


class Runnable(Protocol):
    def run(self, stop: threading.Event) -> None: ...


class ConsumerRunner:
    """Runs one consumer queue until stopped; kombu reconnects it after broker outages."""

    def __init__(self, amqp_url: str, handlers: EventHandlers, *, retry_delays, tracer_provider=None):
        self._url = amqp_url
        self._handlers = handlers
        self._delays = retry_delays
        self._tracer_provider = tracer_provider
        self.ready = threading.Event()

    def run(self, stop: threading.Event) -> None:
        with broker_connection(self._url) as connection:
            consumer = EventConsumer(connection, self._handlers, retry_delays=self._delays,
                                     tracer_provider=self._tracer_provider)
            consumer.on_consume_ready = lambda *args, **kwargs: self.ready.set()
            watcher = threading.Thread(target=_stop_when_set, args=(stop, consumer), daemon=True)
            watcher.start()
            consumer.run()


def _stop_when_set(stop: threading.Event, consumer: EventConsumer) -> None:
    stop.wait()
    consumer.should_stop = True


class Worker:
    def __init__(self, name: str, runnables: list[Runnable]):
        self.name = name
        self.runnables = runnables
        self.stop_event = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> "Worker":
        for index, runnable in enumerate(self.runnables):
            thread = threading.Thread(target=self._guarded, args=(runnable,), daemon=True,
                                      name=f"{self.name}-{type(runnable).__name__}-{index}")
            thread.start()
            self._threads.append(thread)
        return self

    def _guarded(self, runnable: Runnable) -> None:
        try:
            runnable.run(self.stop_event)
        except Exception:
            log.exception("%s stopped unexpectedly", type(runnable).__name__)

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        for thread in self._threads:
            thread.join(timeout)

    def run_until_signalled(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: self.stop_event.set())
        self.start()
        self.stop_event.wait()
        self.stop()
