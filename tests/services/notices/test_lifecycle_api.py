"""`POST /v1/notices/{id}/cancellation` on the real app and database."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from procure.database import OUTBOX
from tests.services.notices.test_notice_api import headers
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.integration


@pytest.fixture
def published(notices_client, issuer, notices_clock) -> dict:
    created = notices_client.post("/v1/notices", json=valid_draft_body(now=notices_clock.now),
                                  headers=headers(issuer))
    response = notices_client.post(f"/v1/notices/{created.get_json()['id']}/publish",
                                   headers=headers(issuer, **{"If-Match": '"v1"'}))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def cancel(client, issuer, notice, persona="buyer-admin", etag='"v2"', reason="Budget withdrawn"):
    extra = {} if etag is None else {"If-Match": etag}
    return client.post(f"/v1/notices/{notice['id']}/cancellation", json={"reason": reason},
                       headers=headers(issuer, persona, **extra))


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 403),
    ("buyer-admin", 200), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 403)])
def test_who_may_cancel_a_published_notice(notices_client, issuer, published, persona, status):
    assert cancel(notices_client, issuer, published, persona).status_code == status


def test_a_cancelled_notice_shows_its_reason_and_emits_notice_cancelled(notices_client, issuer, published,
                                                                         notices_app):
    response = cancel(notices_client, issuer, published)

    body = response.get_json()
    assert (body["status"], body["cancellation_reason"], response.headers["ETag"]) == (
        "cancelled", "Budget withdrawn", '"v3"')
    engine = notices_app.extensions["procure.notices"].context.engine
    with engine.connect() as connection:
        bodies = connection.execute(sa.select(OUTBOX.c.body).where(OUTBOX.c.routing_key == "notice.cancelled"))
        [event] = [json.loads(body) for (body,) in bodies if json.loads(body)["subject"] == published["id"]]
    assert (event["data"]["reason"], event["data"]["previous_status"]) == ("Budget withdrawn", "published")


def test_a_cancellation_with_a_stale_etag_is_412(notices_client, issuer, published):
    assert cancel(notices_client, issuer, published, etag='"v1"').status_code == 412


def test_a_cancellation_without_if_match_is_428(notices_client, issuer, published):
    assert cancel(notices_client, issuer, published, etag=None).status_code == 428


def test_a_cancelled_notice_cannot_be_cancelled_again(notices_client, issuer, published):
    cancel(notices_client, issuer, published)

    response = cancel(notices_client, issuer, published, etag='"v3"')

    assert response.status_code == 409 and response.get_json()["current_status"] == "cancelled"


def test_a_draft_cannot_be_cancelled_so_it_never_becomes_public(notices_client, issuer):
    draft = notices_client.post("/v1/notices", json=valid_draft_body(), headers=headers(issuer)).get_json()

    response = cancel(notices_client, issuer, draft, etag='"v1"')

    assert response.status_code == 409
    assert notices_client.get(f"/v1/notices/{draft['id']}").status_code == 404


def test_a_cancellation_without_a_reason_is_422(notices_client, issuer, published):
    assert cancel(notices_client, issuer, published, reason="").status_code == 422
