"""Alembic per service: each service keeps its own migrations and its own database."""
from __future__ import annotations

import logging

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
    """Creates the service's database if needed and brings it to `revision`."""
    ensure_database(url)
    command.upgrade(alembic_config(service, url), revision)
    log.info("database of %s is at %s", service, revision)


def run_env(context, target_metadata=None) -> None:
    """The body of every service's `migrations/env.py`."""
    url = context.config.attributes["procure.url"]
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
