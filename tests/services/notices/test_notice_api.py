"""`/v1/notices` over HTTP, with the real routes and handlers on an in-memory unit of work."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from opentelemetry.sdk.trace import TracerProvider

from procure.web.app import create_service_app
from services.notices.api.notices.routes import blp as notices_blp
from services.notices.domain.model import NoticeStatus
from tests.services.notices.fakes import FakeNoticesUnitOfWork, FakeNoticeStore, FixedClock, TokenIssuer, utc

pytestmark = pytest.mark.unit

BUYER = uuid.UUID("11111111-1111-4111-8111-111111111111")
OTHER_BUYER = uuid.UUID("22222222-2222-4222-8222-222222222222")
DEADLINE = "2030-04-01T12:00:00Z"


@dataclass
class FakeNoticesWiring:
    """What services.notices.app.NoticesWiring offers the routes."""

    store: FakeNoticeStore
    clock: FixedClock

    def unit_of_work(self) -> FakeNoticesUnitOfWork:
        return FakeNoticesUnitOfWork(self.store)


@pytest.fixture
def store() -> FakeNoticeStore:
    return FakeNoticeStore()


@pytest.fixture
def issuer() -> TokenIssuer:
    return TokenIssuer()


@pytest.fixture
def client(store, issuer):
    app = create_service_app("notices", SimpleNamespace(max_body_bytes=64 * 1024), title="Procure notices",
                             blueprints=[notices_blp], checks={}, verifier=issuer.verifier(),
                             tracer_provider=TracerProvider())
    app.extensions["procure.notices"] = FakeNoticesWiring(store, FixedClock(utc(2030, 3, 1, 9, 0)))
    return app.test_client()


def bearer(issuer: TokenIssuer, organisation=BUYER, roles=("buyer-admin",)) -> dict:
    return {"Authorization": f"Bearer {issuer.token(organisation=organisation, roles=roles)}"}


def draft_body(**changes) -> dict:
    body = {"title": {"fr": "Entretien des routes"}, "cpv_code": "45233141-9", "submission_deadline": DEADLINE}
    body.update(changes)
    return body


def create_draft(client, issuer, organisation=BUYER, **headers) -> dict:
    response = client.post("/v1/notices", json=draft_body(), headers={**bearer(issuer, organisation), **headers})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def publish(client, issuer, notice_id, if_match='"v1"', organisation=BUYER):
    headers = bearer(issuer, organisation)
    if if_match is not None:
        headers["If-Match"] = if_match
    return client.post(f"/v1/notices/{notice_id}/publish", headers=headers)


def test_a_buyer_drafts_a_notice_and_gets_its_etag_and_location(client, issuer, store):
    response = client.post("/v1/notices", json=draft_body(), headers=bearer(issuer))

    body = response.get_json()
    assert response.status_code == 201
    assert response.headers["ETag"] == '"v1"'
    assert response.headers["Location"] == f"/v1/notices/{body['id']}"
    assert body["status"] == "draft" and body["version"] == 1
    assert body["buyer_id"] == str(BUYER)
    assert body["submission_deadline"] == "2030-04-01T12:00:00+00:00"
    assert store.notice(uuid.UUID(body["id"])).created_by == "user-1"


def test_a_retried_draft_with_the_same_idempotency_key_answers_200_with_the_same_notice(client, issuer, store):
    first = create_draft(client, issuer, **{"Idempotency-Key": "create-0001"})

    again = client.post("/v1/notices", json=draft_body(), headers={**bearer(issuer), "Idempotency-Key": "create-0001"})

    assert again.status_code == 200
    assert again.get_json()["id"] == first["id"]
    assert len(store.rows) == 1


def test_a_malformed_idempotency_key_is_a_422_problem(client, issuer, store):
    response = client.post("/v1/notices", json=draft_body(), headers={**bearer(issuer), "Idempotency-Key": "x"})

    assert response.status_code == 422
    assert "Idempotency-Key" in response.get_json()["errors"]
    assert store.rows == {}


def test_drafting_without_a_token_is_a_401_problem_with_a_challenge(client, store):
    response = client.post("/v1/notices", json=draft_body())

    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert store.rows == {}


def test_a_forged_token_is_a_401_problem(client):
    stranger = TokenIssuer(kid="test-key")

    response = client.post("/v1/notices", json=draft_body(), headers=bearer(stranger))

    assert response.status_code == 401


def test_a_supplier_cannot_draft_a_notice(client, issuer, store):
    response = client.post("/v1/notices", json=draft_body(), headers=bearer(issuer, roles=("supplier-admin",)))

    assert response.status_code == 403
    assert store.rows == {}


def test_a_token_acting_for_no_organisation_cannot_draft_a_notice(client, issuer):
    response = client.post("/v1/notices", json=draft_body(), headers=bearer(issuer, organisation=None))

    assert response.status_code == 403


@pytest.mark.parametrize("field, value", [
    ("submission_deadline", "2030-04-01T12:00:00"),  # no time zone
    ("submission_deadline", "2029-01-01T00:00:00Z"),  # already passed
    ("cpv_code", "road works"),
    ("title", {}),
    ("title", {"french": "Voirie"}),
])
def test_an_invalid_draft_is_a_422_problem_naming_the_field(client, issuer, store, field, value):
    response = client.post("/v1/notices", json=draft_body(**{field: value}), headers=bearer(issuer))

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert store.rows == {}


def test_a_buyer_reads_its_own_draft_with_its_etag(client, issuer):
    notice = create_draft(client, issuer)

    response = client.get(f"/v1/notices/{notice['id']}", headers=bearer(issuer))

    assert response.status_code == 200
    assert response.headers["ETag"] == '"v1"'
    assert response.get_json()["id"] == notice["id"]


@pytest.mark.parametrize("reader", ["anonymous", "other buyer"])
def test_a_draft_answers_like_a_missing_notice_to_anyone_else(client, issuer, reader):
    notice = create_draft(client, issuer)
    headers = {} if reader == "anonymous" else bearer(issuer, OTHER_BUYER)

    draft = client.get(f"/v1/notices/{notice['id']}", headers=headers)
    missing = client.get(f"/v1/notices/{uuid.uuid4()}", headers=headers)

    assert draft.status_code == missing.status_code == 404
    assert without_instance(draft.get_json()) == without_instance(missing.get_json())


def without_instance(problem: dict) -> dict:
    return {name: value for name, value in problem.items() if name != "instance"}


def test_publishing_needs_if_match(client, issuer, store):
    notice = create_draft(client, issuer)

    response = publish(client, issuer, notice["id"], if_match=None)

    assert response.status_code == 428
    assert store.notice(uuid.UUID(notice["id"])).status is NoticeStatus.DRAFT


def test_publishing_with_a_stale_etag_is_412(client, issuer, store):
    notice = create_draft(client, issuer)
    assert publish(client, issuer, notice["id"]).status_code == 200

    response = publish(client, issuer, notice["id"], if_match='"v1"')

    assert response.status_code == 412
    assert len(store.events_of("notice.published")) == 1


def test_publishing_a_draft_answers_the_published_notice_and_its_new_etag(client, issuer, store):
    notice = create_draft(client, issuer)

    response = publish(client, issuer, notice["id"], if_match='"v1"')

    assert response.status_code == 200
    assert response.headers["ETag"] == '"v2"'
    assert response.get_json()["status"] == "published"
    assert response.get_json()["published_at"] == "2030-03-01T09:00:00+00:00"
    assert [event.id for event in store.events_of("notice.published")] == [uuid.UUID(notice["id"])]


def test_another_buyer_publishing_a_draft_gets_404(client, issuer, store):
    notice = create_draft(client, issuer)

    response = publish(client, issuer, notice["id"], organisation=OTHER_BUYER)

    assert response.status_code == 404
    assert store.events_of("notice.published") == []


def test_published_notices_are_listed_page_by_page_with_a_cursor(client, issuer):
    ids = []
    for _ in range(3):
        notice = create_draft(client, issuer)
        assert publish(client, issuer, notice["id"]).status_code == 200
        ids.append(notice["id"])
    create_draft(client, issuer)  # a draft is never listed

    first = client.get("/v1/notices?limit=2").get_json()
    second = client.get(f"/v1/notices?limit=2&cursor={first['next_cursor']}").get_json()

    assert len(first["items"]) == 2 and first["next_cursor"]
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert sorted(item["id"] for item in first["items"] + second["items"]) == sorted(ids)


@pytest.mark.parametrize("query", ["cursor=bm90LWEtY3Vyc29y", "cursor=%21%21%21", "limit=0", "limit=101",
                                   "limit=many"])
def test_a_bad_list_query_is_a_422_problem(client, query):
    response = client.get(f"/v1/notices?{query}")

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
