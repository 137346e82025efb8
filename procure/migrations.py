"""Alembic per service: each service keeps its own migrations and its own database."""
from __future__ import annotations

import logging
import zlib

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import pool

from procure.database import create_engine, ensure_database

log = logging.getLogger("procure.migrations")


def alembic_config(service: str, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", f"services.{service}:migrations")
    config.attributes["procure.url"] = url
    return config


def migrate(service: str, url: str, revision: str = "head") -> None:
    """Creates the service's database if needed and brings it to `revision`.

    Every replica runs this at start; an advisory lock makes them take turns, so that
    the first migrates and the others find nothing left to do.
    """
    ensure_database(url)
    engine = create_engine(url, poolclass=pool.NullPool)
    lock_key = zlib.crc32(f"procure.migrations.{service}".encode())
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": lock_key})
            try:
                config = alembic_config(service, url)
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key})
                connection.commit()
    finally:
        engine.dispose()
    log.info("database of %s is at %s", service, revision)


def run_env(context, target_metadata=None) -> None:
    """The body of every service's `migrations/env.py`."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(context, connection, target_metadata)
        return
    engine = create_engine(context.config.attributes["procure.url"], poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(context, connection, target_metadata)
    engine.dispose()


def _run(context, connection, target_metadata) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
