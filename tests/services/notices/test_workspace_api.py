"""A buyer organisation's workspace and clones over HTTP on the real app and database."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from procure.events.tables import outbox_table
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.integration

BUYER = uuid.uuid4()
PERSONAS = {
    "anonymous": None,
    "supplier-agent": (uuid.uuid4(), ("supplier-agent",)),
    "supplier-admin": (uuid.uuid4(), ("supplier-admin",)),
    "buyer-agent": (BUYER, ("buyer-agent",)),
    "buyer-admin": (BUYER, ("buyer-admin",)),
    "opening-committee": (BUYER, ("opening-committee",)),
    "platform-admin": (None, ("platform-admin",)),
    "auditor": (None, ("auditor",)),
    "other-organisation": (uuid.uuid4(), ("buyer-admin",)),
}


def headers(issuer, persona="buyer-admin", organisation=None, **extra) -> dict:
    if PERSONAS[persona] is None:
        return dict(extra)
    default, roles = PERSONAS[persona]
    token = issuer.token(organisation=organisation or default, roles=roles, subject=f"{persona}-1")
    return {"Authorization": f"Bearer {token}", **extra}


def draft(client, issuer, now, organisation=None, persona="buyer-admin", **changes) -> dict:
    response = client.post("/v1/notices", json=valid_draft_body(now=now, **changes),
                           headers=headers(issuer, persona, organisation))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def publish(client, issuer, notice, organisation=None) -> dict:
    if_match = {"If-Match": f'"v{notice["version"]}"'}
    response = client.post(f"/v1/notices/{notice['id']}/publish",
                           headers=headers(issuer, organisation=organisation, **if_match))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def workspace(client, issuer, persona="buyer-admin", organisation=None, path="/v1/notices/workspace", **query):
    return client.get(path, query_string=query, headers=headers(issuer, persona, organisation))


def clone(client, issuer, notice_id, persona="buyer-admin", organisation=None, **extra):
    return client.post(f"/v1/notices/{notice_id}/clone", headers=headers(issuer, persona, organisation, **extra))


def outbox_bodies(app, routing_key: str) -> list[str]:
    table = outbox_table(sa.MetaData())
    with app.extensions["procure.notices"].unit_of_work() as uow:
        bodies = uow.session.execute(sa.select(table.c.body).where(table.c.routing_key == routing_key)).scalars()
        return [bytes(body).decode() for body in bodies]


@pytest.fixture
def organisation() -> uuid.UUID:
    """A buyer organisation of its own, so a test sees exactly the notices it made."""
    return uuid.uuid4()


def test_the_workspace_lists_drafts_and_published_notices_most_recently_changed_first(
        notices_client, issuer, notices_clock, organisation):
    first = draft(notices_client, issuer, notices_clock.now, organisation)
    notices_clock.advance(minutes=1)
    second = draft(notices_client, issuer, notices_clock.now, organisation)
    notices_clock.advance(minutes=1)
    publish(notices_client, issuer, first, organisation)

    items = workspace(notices_client, issuer, "buyer-agent", organisation).get_json()["items"]

    assert [(item["id"], item["status"]) for item in items] == [
        (first["id"], "published"), (second["id"], "draft")]
    assert items[1]["created_by"] == "buyer-admin-1" and items[0]["pending_questions"] == 0


def test_the_workspace_filters_by_status(notices_client, issuer, notices_clock, organisation):
    published = publish(notices_client, issuer, draft(notices_client, issuer, notices_clock.now, organisation),
                        organisation)
    draft(notices_client, issuer, notices_clock.now, organisation)

    items = workspace(notices_client, issuer, organisation=organisation, status="published").get_json()["items"]

    assert [item["id"] for item in items] == [published["id"]]


def test_the_workspace_comes_in_keyset_pages(notices_client, issuer, notices_clock, organisation):
    made = []
    for _ in range(5):
        notices_clock.advance(seconds=1)
        made.append(draft(notices_client, issuer, notices_clock.now, organisation)["id"])
    seen, cursor = [], None
    while True:
        page = workspace(notices_client, issuer, organisation=organisation, limit=2,
                         **({"cursor": cursor} if cursor else {})).get_json()
        seen += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break

    assert seen == made[::-1]


def test_a_buyer_of_another_organisation_sees_none_of_its_drafts(notices_client, issuer, notices_clock):
    mine = draft(notices_client, issuer, notices_clock.now)

    items = workspace(notices_client, issuer, "other-organisation").get_json()["items"]

    assert mine["id"] not in {item["id"] for item in items}


def test_an_unknown_status_is_a_422(notices_client, issuer):
    response = workspace(notices_client, issuer, status="sleeping")

    assert response.status_code == 422 and "status" in str(response.get_json()["errors"])


def test_the_workspace_lists_pending_questions_across_notices_oldest_first(
        notices_client, issuer, notices_clock, organisation):
    notices = [publish(notices_client, issuer, draft(notices_client, issuer, notices_clock.now, organisation),
                       organisation) for _ in range(2)]
    supplier = {"Authorization": f"Bearer {issuer.token(organisation=uuid.uuid4(), roles=('supplier-agent',))}"}
    asked = []
    for notice in notices[::-1]:
        notices_clock.advance(minutes=1)
        asked.append(notices_client.post(f"/v1/notices/{notice['id']}/questions", json={"text": "When?"},
                                         headers=supplier).get_json())
    notices_client.post(f"/v1/notices/{notices[0]['id']}/questions/{asked[1]['id']}/answer", json={"text": "Soon."},
                        headers=headers(issuer, organisation=organisation))

    page = workspace(notices_client, issuer, "buyer-agent", organisation, path="/v1/notices/workspace/questions")
    counts = {item["id"]: item["pending_questions"]
              for item in workspace(notices_client, issuer, organisation=organisation).get_json()["items"]}

    assert [(item["id"], item["notice_id"]) for item in page.get_json()["items"]] == [
        (asked[0]["id"], notices[1]["id"])]
    assert counts == {notices[0]["id"]: 0, notices[1]["id"]: 1}


def test_a_clone_copies_the_content_but_not_the_deadlines(notices_client, issuer, notices_clock, organisation):
    original = publish(notices_client, issuer, draft(notices_client, issuer, notices_clock.now, organisation),
                       organisation)

    response = clone(notices_client, issuer, original["id"], "buyer-agent", organisation)

    copy = response.get_json()
    assert response.status_code == 201 and response.headers["Location"] == f"/v1/notices/{copy['id']}"
    assert copy["id"] != original["id"] and copy["status"] == "draft" and copy["version"] == 1
    assert set(copy["content"]["deadlines"].values()) == {None}
    assert original["content"]["deadlines"]["submission"] is not None
    without_deadlines = {key: value for key, value in original["content"].items() if key != "deadlines"}
    assert {key: value for key, value in copy["content"].items() if key != "deadlines"} == without_deadlines


def test_a_clone_is_a_draft_announced_with_notice_drafted(notices_client, issuer, notices_clock, organisation,
                                                          notices_app):
    original = draft(notices_client, issuer, notices_clock.now, organisation)

    copy = clone(notices_client, issuer, original["id"], organisation=organisation).get_json()

    assert [body for body in outbox_bodies(notices_app, "notice.drafted") if copy["id"] in body]
    assert notices_client.get(f"/v1/notices/{copy['id']}").status_code == 404


def test_a_retried_clone_with_the_same_idempotency_key_makes_one_draft(notices_client, issuer, notices_clock,
                                                                       organisation):
    original = draft(notices_client, issuer, notices_clock.now, organisation)
    key = {"Idempotency-Key": f"clone-{uuid.uuid4().hex}"}

    first = clone(notices_client, issuer, original["id"], organisation=organisation, **key)
    again = clone(notices_client, issuer, original["id"], organisation=organisation, **key)

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]


def test_cloning_an_unknown_notice_is_a_404(notices_client, issuer):
    assert clone(notices_client, issuer, uuid.uuid4()).status_code == 404


# Who may do what ----------------------------------------------------------------------------------

@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 200),
    ("buyer-admin", 200), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 200)])
@pytest.mark.parametrize("path", ["/v1/notices/workspace", "/v1/notices/workspace/questions"])
def test_who_may_read_a_workspace(notices_client, issuer, path, persona, status):
    assert workspace(notices_client, issuer, persona, path=path).status_code == status


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 201),
    ("buyer-admin", 201), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 403)])
def test_who_may_clone_a_published_notice(notices_client, issuer, notices_clock, persona, status):
    original = publish(notices_client, issuer, draft(notices_client, issuer, notices_clock.now))

    assert clone(notices_client, issuer, original["id"], persona).status_code == status


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 201),
    ("buyer-admin", 201), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 404)])
def test_who_may_clone_a_draft(notices_client, issuer, notices_clock, persona, status):
    original = draft(notices_client, issuer, notices_clock.now)

    assert clone(notices_client, issuer, original["id"], persona).status_code == status
