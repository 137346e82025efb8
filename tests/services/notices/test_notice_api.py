"""`/v1/notices` draft, read, edit and publish over HTTP on the real app and database."""
from __future__ import annotations

import uuid

import pytest

from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.integration

BUYER = uuid.uuid4()
OTHER_BUYER = uuid.uuid4()
PERSONAS = {
    "anonymous": None,
    "supplier-agent": (uuid.uuid4(), ("supplier-agent",)),
    "supplier-admin": (uuid.uuid4(), ("supplier-admin",)),
    "buyer-agent": (BUYER, ("buyer-agent",)),
    "buyer-admin": (BUYER, ("buyer-admin",)),
    "opening-committee": (BUYER, ("opening-committee",)),
    "platform-admin": (None, ("platform-admin",)),
    "auditor": (None, ("auditor",)),
    "other-organisation": (OTHER_BUYER, ("buyer-admin",)),
}


def headers(issuer, persona="buyer-admin", **extra) -> dict:
    spec = PERSONAS[persona]
    if spec is None:
        return dict(extra)
    organisation, roles = spec
    return {"Authorization": f"Bearer {issuer.token(organisation=organisation, roles=roles)}", **extra}


def create(client, issuer, persona="buyer-admin", **changes):
    return client.post("/v1/notices", json=valid_draft_body(**changes), headers=headers(issuer, persona))


@pytest.fixture
def draft(notices_client, issuer) -> dict:
    response = create(notices_client, issuer)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 201),
    ("buyer-admin", 201), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 201)])
def test_who_may_draft_a_notice(notices_client, issuer, persona, status):
    assert create(notices_client, issuer, persona).status_code == status


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 404), ("supplier-agent", 404), ("supplier-admin", 404), ("buyer-agent", 200),
    ("buyer-admin", 200), ("opening-committee", 200), ("platform-admin", 404), ("auditor", 404),
    ("other-organisation", 404)])
def test_who_may_read_a_draft(notices_client, issuer, draft, persona, status):
    assert notices_client.get(f"/v1/notices/{draft['id']}", headers=headers(issuer, persona)).status_code == status


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 200),
    ("buyer-admin", 200), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 404)])
def test_who_may_edit_a_draft(notices_client, issuer, draft, persona, status):
    response = notices_client.patch(f"/v1/notices/{draft['id']}", json={"urgency": None},
                                    headers=headers(issuer, persona, **{"If-Match": '"v1"'}))
    assert response.status_code == status


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 200),
    ("buyer-admin", 200), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 404)])
def test_who_may_publish_a_draft(notices_client, issuer, draft, persona, status):
    response = notices_client.post(f"/v1/notices/{draft['id']}/publish",
                                   headers=headers(issuer, persona, **{"If-Match": '"v1"'}))
    assert response.status_code == status


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_everyone_may_read_a_published_notice(notices_client, issuer, draft, persona):
    notices_client.post(f"/v1/notices/{draft['id']}/publish", headers=headers(issuer, **{"If-Match": '"v1"'}))

    response = notices_client.get(f"/v1/notices/{draft['id']}", headers=headers(issuer, persona))

    assert response.status_code == 200 and response.get_json()["status"] == "published"


def test_a_draft_answers_with_its_etag_location_and_content(notices_client, issuer):
    response = create(notices_client, issuer)

    body = response.get_json()
    assert response.headers["ETag"] == '"v1"' and response.headers["Location"] == f"/v1/notices/{body['id']}"
    assert body["notice_type"] == "contract" and body["content"]["lots"][0]["id"] == "LOT-0001"
    assert body["buyer_id"] == str(BUYER)


def test_a_retried_draft_with_the_same_idempotency_key_answers_200_with_the_same_notice(notices_client, issuer):
    key = {"Idempotency-Key": f"draft-{uuid.uuid4().hex}"}
    first = notices_client.post("/v1/notices", json=valid_draft_body(), headers=headers(issuer, **key))
    again = notices_client.post("/v1/notices", json=valid_draft_body(), headers=headers(issuer, **key))

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]


def test_a_wrong_cpv_check_digit_in_a_lot_is_a_422_naming_the_lot(notices_client, issuer):
    lots = valid_draft_body()["lots"]
    lots[0]["cpv_code"] = "45321000-4"

    response = create(notices_client, issuer, lots=lots)

    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert "45321000-3" in response.get_json()["errors"]["lots.0.cpv_code"][0]


def test_a_notice_without_lots_is_a_422(notices_client, issuer):
    response = create(notices_client, issuer, lots=[])

    assert response.status_code == 422 and "lots" in str(response.get_json()["errors"])


def test_editing_without_if_match_is_428_and_with_a_stale_one_412(notices_client, issuer, draft):
    url = f"/v1/notices/{draft['id']}"

    assert notices_client.patch(url, json={}, headers=headers(issuer)).status_code == 428
    assert notices_client.patch(url, json={}, headers=headers(issuer, **{"If-Match": '"v9"'})).status_code == 412


def test_a_merge_patch_changes_the_draft_and_its_etag(notices_client, issuer, draft):
    response = notices_client.patch(f"/v1/notices/{draft['id']}", json={"title": {"de": "Schule", "en": None}},
                                    headers=headers(issuer, **{"If-Match": '"v1"'}))

    assert response.status_code == 200, response.get_json()
    assert response.headers["ETag"] == '"v2"'
    assert response.get_json()["title"] == {"fr": "Rénovation de l'école Jules Ferry", "de": "Schule"}


def test_a_patch_of_the_wrong_shape_is_a_422_naming_the_field(notices_client, issuer, draft):
    response = notices_client.patch(f"/v1/notices/{draft['id']}", json={"procedure": "auction"},
                                    headers=headers(issuer, **{"If-Match": '"v1"'}))

    assert response.status_code == 422 and "procedure" in response.get_json()["errors"]


def test_publishing_a_deadline_too_early_for_the_procedure_quotes_the_rule(notices_client, issuer):
    drafted = create(notices_client, issuer, days=20).get_json()

    response = notices_client.post(f"/v1/notices/{drafted['id']}/publish",
                                   headers=headers(issuer, **{"If-Match": '"v1"'}))

    assert response.status_code == 422
    assert "open procedure: at least 30 days" in response.get_json()["errors"]["deadlines.submission"][0]


def test_publishing_above_threshold_requires_signatures_and_writes_the_event(notices_client, issuer, notices_app):
    value = {"amount": "6000000.00", "currency": "EUR"}
    lots = valid_draft_body()["lots"]
    lots[0]["estimated_value"] = value
    drafted = create(notices_client, issuer, estimated_value=value, lots=lots).get_json()

    response = notices_client.post(f"/v1/notices/{drafted['id']}/publish",
                                   headers=headers(issuer, **{"If-Match": '"v1"'}))

    body = response.get_json()
    assert response.status_code == 200 and response.headers["ETag"] == '"v2"'
    assert body["above_threshold"] is True and body["content"]["esignature_required"] is True
