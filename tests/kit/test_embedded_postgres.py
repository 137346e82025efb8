"""The embedded PostgreSQL of `procure up`: a real server from the wheel, in a temporary directory."""
from __future__ import annotations

import psutil
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from procure.config import KitSettings
from procure.embedded.postgres import EmbeddedPostgres

pytestmark = pytest.mark.integration


def server_processes(data_dir) -> list[psutil.Process]:
    """The postmaster started on data_dir and all its children."""
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(data_dir) in (process.info["cmdline"] or []):
            found += [process, *process.children(recursive=True)]
    return found


def kit_url(server_url: str, service: str) -> str:
    """The database URL the kit derives for one service, as service_context does."""
    settings = KitSettings(database_url=server_url, amqp_url="memory://", issuer="https://procure.test",
                           jwks_url="https://procure.test/jwks.json", database_prefix="procure_")
    return settings.service_database_url(service)


def run(url: str, *statements: str, autocommit: bool = False) -> list:
    """Runs the statements in one transaction; the rows of the last one."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED")
    rows = []
    try:
        with engine.begin() as connection:
            for statement in statements:
                result = connection.execute(sa.text(statement))
                rows = result.all() if result.returns_rows else []
        return rows
    finally:
        engine.dispose()


def test_data_survives_a_restart_and_stop_leaves_no_process(tmp_path):
    data_dir = tmp_path / "postgres"
    server = EmbeddedPostgres(data_dir)
    url = server.start()
    assert url.startswith("postgresql://postgres@/postgres?host=")
    processes = server_processes(data_dir.resolve())
    assert processes, "no postgres process runs on the data directory"

    run(url.replace("postgresql://", "postgresql+psycopg://"), "CREATE DATABASE procure_test", autocommit=True)
    service_url = kit_url(url, "test")
    run(service_url, "CREATE TABLE notes (id int PRIMARY KEY, body text)",
        "INSERT INTO notes VALUES (1, 'kept')")
    server.stop()
    assert not [process for process in processes if process.is_running()]
    assert not server_processes(data_dir.resolve())

    assert server.start() == url
    try:
        assert run(service_url, "SELECT body FROM notes") == [("kept",)]
    finally:
        server.stop()
    assert not server_processes(data_dir.resolve())


def test_stop_is_idempotent_and_context_manager_stops(tmp_path):
    server = EmbeddedPostgres(tmp_path / "pg")
    server.stop()  # never started: nothing to do
    with server:
        url = make_url(server.url).set(drivername="postgresql+psycopg")
        assert run(url.render_as_string(hide_password=False), "SELECT 1") == [(1,)]
        assert server.start() == server.url  # already running: same server
    assert not server_processes((tmp_path / "pg").resolve())
    server.stop()
