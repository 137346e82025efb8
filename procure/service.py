"""What every service builds from its settings: database, tracer, token verifier, checks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from opentelemetry import metrics, trace
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from sqlalchemy.orm import sessionmaker

from procure.database import SqlUnitOfWork, create_engine
from procure.events.publisher import BrokerPublisher, broker_connection
from procure.events.relay import OutboxRelay
from procure.telemetry import tracer_provider_for
from procure.tokens import TokenVerifier, verifier_from_settings


UnitOfWork = TypeVar("UnitOfWork", bound=SqlUnitOfWork)


@dataclass
class ServiceContext:
    name: str
    settings: object
    engine: sa.Engine
    session_factory: sessionmaker
    tracer_provider: object
    verifier: TokenVerifier

    @property
    def exchange(self) -> str:
        return f"{self.name}.events"

    @property
    def source(self) -> str:
        return f"{self.settings.issuer.rstrip('/')}/{self.name}"

    def unit_of_work(self, uow_class: type[UnitOfWork]) -> UnitOfWork:
        """A fresh unit of work of this service, writing its events to its own exchange."""
        return uow_class(self.session_factory, exchange=self.exchange, source=self.source)

    def readiness_checks(self) -> dict:
        return {"database": lambda: _ping_database(self.engine),
                "broker": lambda: _ping_broker(self.settings.amqp_url.get_secret_value())}

    def outbox_relay(self) -> OutboxRelay:
        return OutboxRelay(self.engine, BrokerPublisher(self.settings.amqp_url.get_secret_value()),
                           poll_seconds=self.settings.outbox_poll_seconds)


def service_context(name: str, settings, *, tracer_provider=None, verifier=None) -> ServiceContext:
    provider = tracer_provider or tracer_provider_for(name)
    engine = create_engine(settings.service_database_url(name))
    _trace_queries(engine, provider)
    return ServiceContext(name=name, settings=settings, engine=engine,
                          session_factory=sessionmaker(engine, expire_on_commit=False),
                          tracer_provider=provider, verifier=verifier or verifier_from_settings(settings))


def _trace_queries(engine: sa.Engine, provider) -> None:
    """Spans for this engine only, under this service's name.

    SQLAlchemyInstrumentor().instrument() patches create_engine process-wide for the first
    caller's tracer and ignores later calls: wrong when several services share a process.
    """
    usage = metrics.get_meter("procure.database").create_up_down_counter(
        "db.client.connections.usage", unit="connections", description="Connections in use or idle")
    EngineTracer(trace.get_tracer("opentelemetry.instrumentation.sqlalchemy", tracer_provider=provider),
                 engine, usage)


def _ping_database(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


def _ping_broker(url: str) -> None:
    with broker_connection(url, connect_timeout=1.0) as connection:
        connection.ensure_connection(max_retries=1)
