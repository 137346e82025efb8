"""Each service's migrations build exactly the schema its tables describe, and undo it."""
from __future__ import annotations

import importlib
import threading

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from procure.components import SERVICES
from procure.database import create_engine
from procure.events.tables import inbox_table, outbox_table
from procure.migrations import alembic_config, migrate

pytestmark = pytest.mark.integration


def _url(postgres_url: str, database: str) -> str:
    url = sa.engine.make_url(postgres_url).set(drivername="postgresql+psycopg", database=database)
    return url.render_as_string(hide_password=False)


def _expected_metadata(service: str) -> sa.MetaData:
    metadata = sa.MetaData()
    for table in importlib.import_module(f"services.{service}.adapters.tables").metadata.tables.values():
        table.to_metadata(metadata)
    outbox_table(metadata)
    inbox_table(metadata)
    return metadata


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_build_the_schema_the_tables_describe(service, postgres_url, database_prefix):
    url = _url(postgres_url, f"{database_prefix}migrations_{service}")
    migrate(service, url)
    engine = create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), _expected_metadata(service))
    engine.dispose()
    assert [d for d in differences if d[0] != "remove_table" or d[1].name != "alembic_version"] == []


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_can_be_undone_to_an_empty_database(service, postgres_url, database_prefix):
    url = _url(postgres_url, f"{database_prefix}downgrade_{service}")
    migrate(service, url)
    command.downgrade(alembic_config(service, url), "base")
    engine = create_engine(url, poolclass=sa.NullPool)
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert tables <= {"alembic_version"}


def test_replicas_migrating_at_once_take_turns(postgres_url, database_prefix):
    url = _url(postgres_url, f"{database_prefix}concurrent_notices")
    errors = []

    def replica():
        try:
            migrate("notices", url)
        except Exception as error:  # the assertion below reports whatever went wrong
            errors.append(error)

    replicas = [threading.Thread(target=replica) for _ in range(3)]
    for thread in replicas:
        thread.start()
    for thread in replicas:
        thread.join(60)
    assert errors == []
