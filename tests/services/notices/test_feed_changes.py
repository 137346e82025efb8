"""The change feed on real PostgreSQL: the triggers record each change, the watermark holds back
whatever a still-running transaction could precede, and the cursor hands each change out once.

Writers change `notices` with plain SQL, as any code path of the service would; the feed must
not care which one. Each test module gets a database of its own so that the feed holds only
the changes its tests make.
"""
from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime, timezone
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy.orm import sessionmaker

from procure.database import create_engine
from procure.migrations import migrate
from procure.web.app import create_service_app
from services.notices.adapters.tables import notice_changes, notices
from services.notices.api.feed.routes import blp as feed_blp
from services.notices.api.feed.schemas import feed_position
from services.notices.service.unit_of_work import NoticesUnitOfWork
from tests.services.notices.fakes import TokenIssuer

pytestmark = pytest.mark.integration

BUYER = uuid.UUID("11111111-1111-4111-8111-111111111111")
WAIT_SECONDS = 60  # the watermark waits for every writing transaction of the server, other tests' too


class FeedWiring:
    def __init__(self, engine: sa.Engine):
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def unit_of_work(self) -> NoticesUnitOfWork:
        return NoticesUnitOfWork(self._sessions, exchange="notices.events",
                                 source="https://region.example/notices")


@pytest.fixture(scope="module")
def engine(postgres_url, database_prefix):
    url = sa.engine.make_url(postgres_url).set(drivername="postgresql+psycopg",
                                               database=f"{database_prefix}feed_{uuid.uuid4().hex[:6]}")
    url = url.render_as_string(hide_password=False)
    migrate("notices", url)
    engine = create_engine(url, pool_size=20)
    yield engine
    engine.dispose()


@pytest.fixture
def database(engine):
    with engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE notices, notice_changes CASCADE"))
    return engine


@pytest.fixture
def client(database):
    app = create_service_app("notices", SimpleNamespace(max_body_bytes=64 * 1024), title="Procure notices",
                             blueprints=[feed_blp], checks={}, verifier=TokenIssuer().verifier(),
                             tracer_provider=TracerProvider())
    app.extensions["procure.notices"] = FeedWiring(database)
    return app.test_client()


def insert_notice(connection, status: str = "published", **values) -> uuid.UUID:
    now = datetime.now(UTC)
    row = {"id": uuid.uuid4(), "buyer_id": BUYER, "notice_type": "contract", "status": status,
           "procedure": "open", "contract_nature": "works", "title": {"fr": "Entretien des routes"},
           "description": {"fr": "Voirie"}, "content": {"title": {"fr": "Entretien des routes"}},
           "cpv_code": "45233141-9", "cpv_codes": ["45233141-9"], "cpv_prefixes": ["45"], "nuts_codes": [],
           "nuts_prefixes": [], "languages": ["fr"], "green": False, "social": False, "innovation": False,
           "version": 1, "created_by": "user-1", "created_at": now, "modified_at": now,
           "published_at": None if status == "draft" else now, **values}
    connection.execute(sa.insert(notices).values(row))
    return row["id"]


def change_notice(connection, notice_id: uuid.UUID, **values) -> None:
    connection.execute(sa.update(notices).where(notices.c.id == notice_id).values(
        version=notices.c.version + 1, modified_at=sa.func.clock_timestamp(), **values))


def read(client, cursor: str | None = None, limit: int = 100) -> dict:
    query = {"limit": limit, **({"cursor": cursor} if cursor else {})}
    response = client.get("/v1/notices/feed", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def follow(client, cursor: str | None = None, limit: int = 100) -> tuple[list[dict], str]:
    """Every change available now after `cursor`, page by page, and the cursor to continue with."""
    items = []
    while True:
        page = read(client, cursor, limit)
        items += page["items"]
        cursor = page["next_cursor"]
        if not page["more"]:
            return items, cursor


def wait_for(client, count: int, cursor: str | None = None, limit: int = 100) -> tuple[list[dict], str]:
    """Follows the feed until `count` changes came (the watermark may wait for other transactions)."""
    items, deadline = [], time.monotonic() + WAIT_SECONDS
    while len(items) < count and time.monotonic() < deadline:
        found, cursor = follow(client, cursor, limit)
        items += found
        if len(items) < count:
            time.sleep(0.02)
    return items, cursor


def recorded(engine) -> list[int]:
    with engine.connect() as connection:
        return connection.scalars(sa.select(notice_changes.c.seq).order_by(notice_changes.c.seq)).all()


def test_a_publication_appears_only_once_its_transaction_commits(client, database):
    with database.connect() as writer:
        notice_id = insert_notice(writer)
        assert follow(client)[0] == []
        writer.commit()

    items, _ = wait_for(client, 1)

    assert [(item["notice_id"], item["status"], item["version"]) for item in items] == [
        (str(notice_id), "published", 1)]
    assert items[0]["notice"]["title"] == {"fr": "Entretien des routes"}
    assert items[0]["notice"]["buyer_id"] == str(BUYER)
    assert items[0]["modified_at"] == items[0]["notice"]["modified_at"]


def test_drafts_never_appear_and_their_publication_does(client, database):
    with database.begin() as writer:
        draft = insert_notice(writer, status="draft")
        change_notice(writer, draft, title={"fr": "Brouillon"})
        never_published = insert_notice(writer, status="draft")
    with database.begin() as writer:
        change_notice(writer, draft, status="published", published_at=sa.func.now())

    items, cursor = wait_for(client, 1)

    assert [(item["notice_id"], item["status"], item["version"]) for item in items] == [
        (str(draft), "published", 3)]
    assert str(never_published) not in {item["notice_id"] for item in follow(client, cursor)[0]}
    assert len(recorded(database)) == 1


def test_amendment_status_change_and_cancellation_appear_in_order(client, database):
    with database.begin() as writer:
        notice_id = insert_notice(writer)
    with database.begin() as writer:
        change_notice(writer, notice_id, title={"fr": "Entretien des routes communales"})
    with database.begin() as writer:
        change_notice(writer, notice_id, status="submission-closed")
    with database.begin() as writer:
        change_notice(writer, notice_id, status="cancelled", cancellation_reason="Budget withdrawn")

    items, _ = wait_for(client, 4)

    assert [(item["status"], item["version"]) for item in items] == [
        ("published", 1), ("published", 2), ("submission-closed", 3), ("cancelled", 4)]
    assert {item["notice"]["status"] for item in items} == {"cancelled"}  # the notice as it reads now
    assert items[-1]["notice"]["title"] == {"fr": "Entretien des routes communales"}


def test_an_update_that_changes_nothing_is_no_change(client, database):
    with database.begin() as writer:
        notice_id = insert_notice(writer)
    with database.begin() as writer:
        writer.execute(sa.update(notices).where(notices.c.id == notice_id).values(status="published"))

    assert len(wait_for(client, 1)[0]) == 1
    assert len(recorded(database)) == 1


def test_the_changes_of_one_transaction_keep_the_order_they_were_made_in(client, database):
    with database.begin() as writer:
        first = insert_notice(writer)
        second = insert_notice(writer)
        change_notice(writer, first, status="cancelled")

    items, _ = wait_for(client, 3)

    assert [(item["notice_id"], item["status"]) for item in items] == [
        (str(first), "published"), (str(second), "published"), (str(first), "cancelled")]


def test_following_the_cursor_page_by_page_hands_out_every_change_exactly_once(client, database):
    for _ in range(6):
        with database.begin() as writer:
            for _ in range(4):
                change_notice(writer, insert_notice(writer), status="submission-closed")

    items, cursor = wait_for(client, 48, limit=7)

    assert sorted(item["change"] for item in items) == recorded(database)
    assert len({item["change"] for item in items}) == 48
    assert follow(client, cursor, limit=7)[0] == []
    cursors = [item["cursor"] for item in items]
    assert read(client, cursors[9], limit=3)["items"] == items[10:13]


def test_a_change_committed_late_by_a_transaction_that_began_writing_first_is_not_skipped(client, database):
    """The adversarial order: A takes its id, B commits, the reader reads, A writes and commits."""
    with database.connect() as early, database.connect() as late:
        early.execute(sa.select(sa.func.pg_current_xact_id()))  # A's id, smaller than B's
        committed_first = insert_notice(late)
        late.commit()
        with database.connect() as observer:  # B's change is committed and visible to any reader...
            assert observer.scalar(sa.select(sa.func.count()).select_from(notice_changes)) == 1
        for _ in range(5):  # ...but the feed holds it back while A could still write before it
            assert follow(client)[0] == []
            time.sleep(0.02)
        committed_last = insert_notice(early)
        early.commit()

    items, cursor = wait_for(client, 2)

    assert [item["notice_id"] for item in items] == [str(committed_last), str(committed_first)]
    assert follow(client, cursor)[0] == []


def test_a_reader_polling_among_concurrent_writers_gets_every_change_exactly_once(client, database):
    expected, errors = [], []
    lock = threading.Lock()

    def writer(number: int) -> None:
        try:
            for round_ in range(6):
                committed = write_one_transaction(database, number, round_)
                with lock:
                    expected.extend(committed)
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    def write_one_transaction(engine, number: int, round_: int) -> list[tuple[str, int]]:
        changes = []
        with engine.connect() as connection:
            connection.execute(sa.select(sa.func.pg_current_xact_id()))
            time.sleep(0.001 * ((number * 7 + round_ * 13) % 40))  # begins early, commits late
            published = insert_notice(connection)
            draft = insert_notice(connection, status="draft")
            change_notice(connection, published, status="submission-closed")
            change_notice(connection, draft, title={"fr": "Brouillon"})
            changes += [(str(published), 1), (str(published), 2)]
            time.sleep(0.001 * ((number * 11 + round_ * 5) % 30))
            if (number + round_) % 5 == 0:
                connection.rollback()
                return []
            connection.commit()
        return changes

    seen, cursor = [], None
    threads = [threading.Thread(target=writer, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        found, cursor = follow(client, cursor, limit=5)
        seen += found
    for thread in threads:
        thread.join()
    found, cursor = wait_for(client, len(expected) - len(seen), cursor, limit=5)
    seen += found
    time.sleep(0.1)
    seen += follow(client, cursor)[0]

    assert errors == []
    assert len(expected) == 8 * 6 * 2 - 2 * 10  # a fifth of the transactions rolled back
    assert sorted((item["notice_id"], item["version"]) for item in seen) == sorted(expected)
    positions = [feed_position(item["cursor"]) for item in seen]
    assert positions == sorted(positions)
    assert len({item["change"] for item in seen}) == len(seen)
    assert sorted(item["change"] for item in seen) == recorded(database)


def test_the_service_serves_the_feed_to_anonymous_callers(notices_client):
    response = notices_client.get("/v1/notices/feed?limit=1000")

    assert response.status_code == 200
    assert set(response.get_json()) == {"items", "next_cursor", "more"}
