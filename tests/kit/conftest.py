"""A database of the kit's own (outbox and inbox) for the event bus tests."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from procure.database import create_engine, ensure_database
from procure.events.tables import inbox_table, outbox_table

metadata = sa.MetaData()
outbox_table(metadata)
inbox_table(metadata)
applications = sa.Table("applications", metadata,
                        sa.Column("event_id", sa.String(200), nullable=False),
                        sa.Column("applied_at", sa.DateTime(timezone=True), server_default=sa.func.now()))


@pytest.fixture(scope="session")
def events_engine(postgres_url, database_prefix):
    url = sa.engine.make_url(postgres_url).set(drivername="postgresql+psycopg",
                                               database=f"{database_prefix}kit_events")
    url = url.render_as_string(hide_password=False)
    ensure_database(url)
    engine = create_engine(url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(events_engine):
    return sessionmaker(events_engine, expire_on_commit=False)


@pytest.fixture
def exchange() -> str:
    """An exchange of its own per test, so that tests sharing the broker never see each other's events."""
    return f"test-{uuid.uuid4().hex[:8]}.events"
