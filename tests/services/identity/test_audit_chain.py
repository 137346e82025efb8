"""The audit log on PostgreSQL: links chain, history cannot be rewritten unnoticed, appenders never fork it."""
from __future__ import annotations

import itertools
import threading
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.orm import Session

from procure.config import DatabaseSettings
from procure.database import create_engine
from procure.migrations import migrate
from services.identity.adapters.audit_log import AuditLog
from services.identity.cli import identity
from services.identity.domain.audit import GENESIS_HASH, SecurityEvent, verify_chain

pytestmark = pytest.mark.integration
_databases = itertools.count(1)


@pytest.fixture(scope="module")
def migrated_template(postgres_url, database_prefix) -> str:
    """One migrated identity database that each test's own database is copied from (faster than migrating)."""
    settings = DatabaseSettings(database_url=postgres_url, database_prefix=f"{database_prefix}audittpl_")
    migrate("identity", settings.service_database_url("identity"))
    return sa.engine.make_url(settings.service_database_url("identity")).database


@pytest.fixture
def audit_database(postgres_url, database_prefix, migrated_template):
    """A fresh identity database of its own, so that tampering with it harms no other test."""
    settings = DatabaseSettings(database_url=postgres_url, database_prefix=f"{database_prefix}audit{next(_databases)}_")
    url = sa.engine.make_url(settings.service_database_url("identity"))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{url.database}" TEMPLATE "{migrated_template}"'))
    admin.dispose()
    engine = create_engine(url, pool_size=20)
    yield settings, engine
    engine.dispose()


def event(number: int, **details) -> SecurityEvent:
    return SecurityEvent(action="login.succeeded", occurred_at=datetime(2030, 1, 1, 12, 0, number, tzinfo=timezone.utc),
                         actor_id=f"user-{number}", organisation_id="org-1", subject=f"user-{number}",
                         details={"number": number, **details})


def append(engine, *events: SecurityEvent) -> None:
    with Session(engine) as session:
        log = AuditLog(session)
        for each in events:
            log.record(each)
        session.commit()


def verdict(engine):
    with Session(engine) as session:
        return verify_chain(AuditLog(session).links())


def rows(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT * FROM security_events ORDER BY seq")).all()


def tamper(engine, statement: str) -> None:
    """What an operator with the table's ownership could do: switch the guard off, rewrite, switch it back."""
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE security_events DISABLE TRIGGER security_events_append_only"))
        connection.execute(sa.text(statement))
        connection.execute(sa.text("ALTER TABLE security_events ENABLE TRIGGER security_events_append_only"))


def test_each_appended_link_points_at_the_hash_of_the_one_before(audit_database):
    _, engine = audit_database
    append(engine, event(1), event(2))
    append(engine, event(3))

    first, second, third = rows(engine)

    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash and third.previous_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    assert verdict(engine).intact and verdict(engine).links == 3


def test_an_empty_log_is_an_intact_chain_of_no_links(audit_database):
    _, engine = audit_database

    assert (verdict(engine).intact, verdict(engine).links) == (True, 0)


def test_a_link_written_in_a_transaction_that_rolls_back_leaves_no_gap(audit_database):
    _, engine = audit_database
    append(engine, event(1))
    with Session(engine) as session:
        AuditLog(session).record(event(2))
        session.rollback()
    append(engine, event(3))

    assert [row.seq for row in rows(engine)] == [1, 2]
    assert verdict(engine).intact


def test_a_transaction_still_at_work_keeps_no_other_from_appending(audit_database):
    _, engine = audit_database
    with Session(engine) as slow:
        AuditLog(slow).record(event(1))
        slow.execute(sa.text("SELECT 1"))  # its transaction is open and has recorded its event
        other = threading.Thread(target=append, args=(engine, event(2)))
        other.start()
        other.join(10)
        appended_meanwhile = not other.is_alive()
        slow.commit()

    assert appended_meanwhile
    assert [row.actor_id for row in rows(engine)] == ["user-2", "user-1"]
    assert verdict(engine).intact


def test_details_with_ids_and_times_survive_storage_with_their_hash(audit_database):
    _, engine = audit_database
    append(engine, event(1, when=datetime(2030, 5, 1, tzinfo=timezone.utc), ratio=0.1, nested={"b": [1, "x"]}))

    assert verdict(engine).intact


def test_an_event_with_a_nul_character_or_an_overlong_subject_is_recorded_and_still_verifies(audit_database):
    _, engine = audit_database
    append(engine, SecurityEvent(action="login.failed", occurred_at=datetime.now(timezone.utc),
                                 subject="x" * 600, details={"email": "a\x00b@example.org", "k\x00": ["\x00"]}))

    (row,) = rows(engine)

    assert row.details == {"email": "a\ufffdb@example.org", "k\ufffd": ["\ufffd"]}
    assert len(row.subject) == 500
    assert verdict(engine).intact


@pytest.mark.parametrize("statement", [
    "UPDATE security_events SET details = '{\"number\": 99}' WHERE seq = 1",
    "DELETE FROM security_events WHERE seq = 1",
    "TRUNCATE security_events",
])
def test_the_database_refuses_to_change_or_delete_a_link(audit_database, statement):
    _, engine = audit_database
    append(engine, event(1))

    with pytest.raises(sa.exc.ProgrammingError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(sa.text(statement))
    assert len(rows(engine)) == 1


def test_an_edited_link_is_named_as_the_first_broken_one(audit_database):
    _, engine = audit_database
    append(engine, *(event(number) for number in range(1, 6)))

    tamper(engine, "UPDATE security_events SET details = '{\"number\": 99}' WHERE seq = 3")
    found = verdict(engine)

    assert (found.intact, found.first_broken_link, found.links) == (False, 3, 2)
    assert "changed" in found.reason


def test_an_edited_link_whose_hash_was_recomputed_breaks_at_the_next_link(audit_database):
    _, engine = audit_database
    append(engine, *(event(number) for number in range(1, 4)))

    tamper(engine, f"UPDATE security_events SET hash = '{'f' * 64}' WHERE seq = 2")

    assert verdict(engine).first_broken_link == 2
    assert not verdict(engine).intact


def test_a_deleted_link_is_named_as_missing(audit_database):
    _, engine = audit_database
    append(engine, *(event(number) for number in range(1, 6)))

    tamper(engine, "DELETE FROM security_events WHERE seq = 4")
    found = verdict(engine)

    assert (found.intact, found.first_broken_link) == (False, 4)
    assert "missing" in found.reason


def test_concurrent_appenders_keep_one_unbroken_chain(audit_database):
    _, engine = audit_database
    start, errors = threading.Barrier(8), []

    def appender(number: int) -> None:
        try:
            start.wait()
            for round_ in range(10):
                append(engine, event(number, round=round_))
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=appender, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    stored = rows(engine)
    assert [row.seq for row in stored] == list(range(1, 81))
    assert len({row.previous_hash for row in stored}) == 80  # no two links after the same one
    assert verdict(engine).intact and verdict(engine).links == 80


def test_verification_streams_the_log_through_a_server_side_cursor(audit_database, monkeypatch):
    _, engine = audit_database
    append(engine, *(event(number) for number in range(1, 8)))
    monkeypatch.setattr("services.identity.adapters.audit_log.STREAM_BATCH", 2)
    seen = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def remember(connection, cursor, statement, parameters, context, executemany):
        seen.append(context.execution_options.get("stream_results"))

    assert verdict(engine).links == 7
    sa.event.remove(engine, "before_cursor_execute", remember)
    assert seen == [True]


def run_verify(settings: DatabaseSettings):
    environ = {"PROCURE_DATABASE_URL": settings.database_url.get_secret_value(),
               "PROCURE_DATABASE_PREFIX": settings.database_prefix}
    return CliRunner().invoke(identity, ["audit", "verify"], env=environ)


def test_the_verify_command_reports_an_intact_chain_and_exits_0(audit_database):
    settings, engine = audit_database
    append(engine, event(1), event(2))

    result = run_verify(settings)

    assert result.exit_code == 0, result.output
    assert "intact: 2 links" in result.output


def test_the_verify_command_names_the_first_broken_link_and_exits_1(audit_database):
    settings, engine = audit_database
    append(engine, *(event(number) for number in range(1, 4)))
    tamper(engine, "UPDATE security_events SET actor_id = 'someone-else' WHERE seq = 2")

    result = run_verify(settings)

    assert result.exit_code == 1
    assert "broken at link 2" in result.output


def test_the_verify_command_exits_2_when_the_database_is_unreachable(audit_database):
    settings, _ = audit_database
    unreachable = DatabaseSettings(database_url="postgresql://nobody@127.0.0.1:1/postgres",
                                   database_prefix=settings.database_prefix)

    result = run_verify(unreachable)

    assert result.exit_code == 2
    assert "unreachable" in result.output
