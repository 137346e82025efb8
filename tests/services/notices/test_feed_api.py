"""`GET /v1/notices/feed` over HTTP: the real route, schemas and handler on an in-memory feed."""
from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from opentelemetry.sdk.trace import TracerProvider

from procure.web.app import create_service_app
from services.notices.api.feed.routes import blp as feed_blp
from services.notices.api.feed.schemas import feed_cursor
from services.notices.domain.feed import FeedPosition, NoticeChange
from tests.services.notices.fakes import TokenIssuer, utc

pytestmark = pytest.mark.unit

BUYER = uuid.UUID("11111111-1111-4111-8111-111111111111")
OTHER = uuid.UUID("22222222-2222-4222-8222-222222222222")
SUPPLIER = uuid.UUID("33333333-3333-4333-8333-333333333333")
PLATFORM = uuid.UUID("44444444-4444-4444-8444-444444444444")


class FakeChangeFeed:
    """Same method as services.notices.adapters.feed.ChangeFeed, over a list already in feed order."""

    def __init__(self, changes: list[NoticeChange]):
        self._changes = changes

    def after(self, position, limit):
        return [change for change in self._changes if position is None or change.position > position][:limit]


@dataclass
class FakeFeedUnitOfWork:
    changes: FakeChangeFeed

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass


@dataclass
class FakeFeedWiring:
    changes: list[NoticeChange] = field(default_factory=list)

    def unit_of_work(self) -> FakeFeedUnitOfWork:
        return FakeFeedUnitOfWork(FakeChangeFeed(self.changes))


def change(sequence: int, transaction: int = 100, status: str = "published", version: int = 2) -> NoticeChange:
    notice_id = uuid.UUID(int=sequence)
    notice = {"id": notice_id, "buyer_id": BUYER, "notice_type": "contract", "status": status,
              "title": {"fr": "Entretien des routes"}, "content": {"cpv_code": "45233141-9"}, "version": version,
              "published_at": utc(2030, 3, 1, 9), "modified_at": utc(2030, 3, 1, 9, sequence % 60)}
    return NoticeChange(position=FeedPosition(transaction, sequence), notice_id=notice_id, status=status,
                        version=version, changed_at=utc(2030, 3, 1, 9), modified_at=notice["modified_at"],
                        notice=notice)


@pytest.fixture
def issuer() -> TokenIssuer:
    return TokenIssuer()


@pytest.fixture
def wiring() -> FakeFeedWiring:
    return FakeFeedWiring([change(sequence) for sequence in range(1, 8)])


@pytest.fixture
def client(wiring, issuer):
    app = create_service_app("notices", SimpleNamespace(max_body_bytes=64 * 1024), title="Procure notices",
                             blueprints=[feed_blp], checks={}, verifier=issuer.verifier(),
                             tracer_provider=TracerProvider())
    app.extensions["procure.notices"] = wiring
    return app.test_client()


def raw_cursor(*values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_the_feed_lists_changes_with_the_notice_as_it_reads_now(client):
    response = client.get("/v1/notices/feed?limit=2")

    body = response.get_json()
    assert response.status_code == 200
    assert [item["change"] for item in body["items"]] == [1, 2]
    first = body["items"][0]
    assert first["notice_id"] == str(uuid.UUID(int=1))
    assert (first["status"], first["version"]) == ("published", 2)
    assert first["changed_at"] == "2030-03-01T09:00:00+00:00"
    assert first["modified_at"] == "2030-03-01T09:01:00+00:00"
    assert first["notice"]["title"] == {"fr": "Entretien des routes"}
    assert first["notice"]["buyer_id"] == str(BUYER)
    assert first["cursor"] == feed_cursor(FeedPosition(100, 1))
    assert body["next_cursor"] == body["items"][1]["cursor"] == feed_cursor(FeedPosition(100, 2))
    assert body["more"] is True


def test_following_next_cursor_hands_out_every_change_once_then_reports_being_caught_up(client):
    seen, cursor = [], None
    for _ in range(10):
        body = client.get("/v1/notices/feed", query_string={"limit": 3, **({"cursor": cursor} if cursor else {})}
                          ).get_json()
        seen += [item["change"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not body["more"]:
            break

    assert seen == [1, 2, 3, 4, 5, 6, 7]
    again = client.get("/v1/notices/feed", query_string={"cursor": cursor}).get_json()
    assert again == {"items": [], "next_cursor": cursor, "more": False}


def test_an_empty_feed_still_gives_a_cursor_to_poll_with(client, wiring):
    wiring.changes.clear()

    body = client.get("/v1/notices/feed").get_json()

    assert body["items"] == [] and body["more"] is False
    assert body["next_cursor"] == feed_cursor(FeedPosition(0, 0))


def test_a_change_that_is_no_longer_public_comes_without_its_notice(client, wiring):
    wiring.changes[:] = [NoticeChange(position=FeedPosition(5, 1), notice_id=uuid.UUID(int=1), status="published",
                                      version=2, changed_at=utc(2030, 3, 1), modified_at=None, notice=None)]

    item = client.get("/v1/notices/feed").get_json()["items"][0]

    assert item["notice"] is None and item["modified_at"] is None


def test_the_limit_defaults_to_a_hundred(client, wiring):
    wiring.changes[:] = [change(sequence) for sequence in range(1, 151)]

    assert len(client.get("/v1/notices/feed").get_json()["items"]) == 100


@pytest.mark.parametrize("limit", [1, 1000])
def test_a_limit_from_one_to_a_thousand_is_accepted(client, limit):
    assert client.get(f"/v1/notices/feed?limit={limit}").status_code == 200


@pytest.mark.parametrize("limit", ["0", "1001", "-5", "ten", "1.5"])
def test_a_limit_out_of_bounds_is_a_problem_naming_the_limit(client, limit):
    response = client.get(f"/v1/notices/feed?limit={limit}")

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "limit" in json.dumps(response.get_json()["errors"])


@pytest.mark.parametrize("cursor", [
    "not-base64!", "%%%", "eyJ", raw_cursor(1), raw_cursor(1, 2, 3), raw_cursor("1", 2), raw_cursor(1.0, 2),
    raw_cursor(True, 2), raw_cursor(-1, 2), raw_cursor(1, -2), raw_cursor(2 ** 64, 1), raw_cursor(1, 2 ** 63),
    raw_cursor(None, 1), base64.urlsafe_b64encode(b"\xff\xfe").decode(), "x" * 201,
])
def test_a_cursor_the_feed_did_not_give_out_is_a_problem_naming_the_cursor(client, cursor):
    response = client.get("/v1/notices/feed", query_string={"cursor": cursor})

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "cursor" in response.get_json()["errors"]


PERSONAS = {
    "anonymous": None,
    "supplier agent": (SUPPLIER, ("supplier-agent",)),
    "supplier admin": (SUPPLIER, ("supplier-admin",)),
    "buyer agent": (BUYER, ("buyer-agent",)),
    "buyer admin": (BUYER, ("buyer-admin",)),
    "opening committee": (BUYER, ("opening-committee",)),
    "platform admin": (PLATFORM, ("platform-admin",)),
    "auditor": (PLATFORM, ("auditor",)),
    "another organisation": (OTHER, ("buyer-admin",)),
}
# The feed shows only what is public (published notices and their later states): everyone may read it.
ALLOWED = {persona: 200 for persona in PERSONAS}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_may_read_the_feed(client, issuer, persona):
    identity = PERSONAS[persona]
    headers = {} if identity is None else {
        "Authorization": f"Bearer {issuer.token(organisation=identity[0], roles=identity[1])}"}

    response = client.get("/v1/notices/feed?limit=3", headers=headers)

    assert response.status_code == ALLOWED[persona]
    assert [item["change"] for item in response.get_json()["items"]] == [1, 2, 3]


def test_the_feed_route_is_marked_public_in_the_openapi(client):
    operation = client.get("/openapi.json").get_json()["paths"]["/v1/notices/feed"]["get"]

    assert operation.get("security") in (None, [])
    assert {parameter["name"] for parameter in operation["parameters"]} == {"limit", "cursor"}
