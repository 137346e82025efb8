"""`POST /v1/notices/{id}/amendments` and `GET /v1/notices/{id}/revisions` on the real app and database."""
from __future__ import annotations

from datetime import datetime, timedelta

import jsonpatch
import pytest

from tests.services.notices.test_notice_api import headers
from tests.support.notices import rfc3339, valid_draft_body

pytestmark = pytest.mark.integration


@pytest.fixture
def published(notices_client, issuer, notices_clock) -> dict:
    created = notices_client.post("/v1/notices", json=valid_draft_body(now=notices_clock.now),
                                  headers=headers(issuer))
    response = notices_client.post(f"/v1/notices/{created.get_json()['id']}/publish",
                                   headers=headers(issuer, **{"If-Match": '"v1"'}))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def amend(client, issuer, notice, changes, persona="buyer-admin", etag='"v2"', reason="Clarified scope"):
    extra = {} if etag is None else {"If-Match": etag}
    return client.post(f"/v1/notices/{notice['id']}/amendments", json={"reason": reason, "changes": changes},
                       headers=headers(issuer, persona, **extra))


def extended(notice, days: int) -> dict:
    deadline = datetime.fromisoformat(notice["content"]["deadlines"]["submission"].replace("Z", "+00:00"))
    return {"deadlines": {"submission": rfc3339(deadline + timedelta(days=days)),
                          "opening": rfc3339(deadline + timedelta(days=days, hours=1))}}


TITLE = {"title": {"en": "Renovation of the Jules Ferry primary school"}}


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 201),
    ("buyer-admin", 201), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 403)])
def test_who_may_amend_a_published_notice(notices_client, issuer, published, persona, status):
    assert amend(notices_client, issuer, published, TITLE, persona).status_code == status


@pytest.mark.parametrize("persona", ["anonymous", "supplier-agent", "supplier-admin", "buyer-agent", "buyer-admin",
                                     "opening-committee", "platform-admin", "auditor", "other-organisation"])
def test_anyone_may_list_the_revisions_of_a_published_notice(notices_client, issuer, published, persona):
    amend(notices_client, issuer, published, TITLE)

    response = notices_client.get(f"/v1/notices/{published['id']}/revisions", headers=headers(issuer, persona))

    assert response.status_code == 200 and len(response.get_json()["items"]) == 1


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 404), ("supplier-agent", 404), ("buyer-agent", 200), ("other-organisation", 404)])
def test_the_revisions_of_a_draft_stay_with_its_buyer(notices_client, issuer, persona, status):
    draft = notices_client.post("/v1/notices", json=valid_draft_body(), headers=headers(issuer)).get_json()

    response = notices_client.get(f"/v1/notices/{draft['id']}/revisions", headers=headers(issuer, persona))

    assert response.status_code == status


def test_the_author_is_shown_to_the_buyer_only(notices_client, issuer, published):
    amend(notices_client, issuer, published, TITLE)
    url = f"/v1/notices/{published['id']}/revisions"

    mine = notices_client.get(url, headers=headers(issuer)).get_json()["items"][0]
    public = notices_client.get(url).get_json()["items"][0]

    assert (mine["author"], public["author"]) == ("user-1", None)


def test_an_amendment_with_a_stale_etag_is_412(notices_client, issuer, published):
    assert amend(notices_client, issuer, published, TITLE, etag='"v1"').status_code == 412


def test_an_amendment_without_if_match_is_428(notices_client, issuer, published):
    assert amend(notices_client, issuer, published, TITLE, etag=None).status_code == 428


def test_a_draft_is_edited_not_amended(notices_client, issuer):
    draft = notices_client.post("/v1/notices", json=valid_draft_body(), headers=headers(issuer)).get_json()

    assert amend(notices_client, issuer, draft, TITLE, etag='"v1"').status_code == 409


def test_an_amendment_is_checked_like_a_publication(notices_client, issuer, published):
    response = amend(notices_client, issuer, published, {"cpv_code": "45000000-8"})

    assert response.status_code == 422 and "cpv_code" in response.get_json()["errors"]


def test_a_significant_amendment_without_extension_is_refused_with_the_rule(notices_client, issuer, published):
    lots = [{**published["content"]["lots"][0], "title": {"en": "Insulation and roofing"}}]

    response = amend(notices_client, issuer, published, {"lots": lots})

    assert response.status_code == 422
    assert "at least 6 days" in response.get_json()["errors"]["deadlines.submission"][0]


def test_a_late_amendment_needs_the_extension(notices_client, issuer, published, notices_clock):
    notices_clock.advance(days=37)

    refused = amend(notices_client, issuer, published, TITLE)
    accepted = amend(notices_client, issuer, published, {**TITLE, **extended(published, 6)})

    assert (refused.status_code, accepted.status_code) == (422, 201)
    assert accepted.get_json()["revision"]["significant"] is False


def test_revisions_replay_from_the_published_content_to_the_current_one(notices_client, issuer, published):
    lots = [{**published["content"]["lots"][0], "title": {"en": "Insulation and roofing"}}]
    steps = [TITLE, {"lots": lots, **extended(published, 7)}, {"description": {"en": "Energy works."}}]
    etag = '"v2"'
    for changes in steps:
        response = amend(notices_client, issuer, published, changes, etag=etag)
        assert response.status_code == 201, response.get_json()
        etag = response.headers["ETag"]

    pages, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = notices_client.get(f"/v1/notices/{published['id']}/revisions", query_string=query).get_json()
        pages.append(page["items"])
        if not (cursor := page["next_cursor"]):
            break
    revisions = [revision for page in pages for revision in page]
    content = published["content"]
    for revision in revisions:
        content = jsonpatch.apply_patch(content, revision["patch"])

    current = notices_client.get(f"/v1/notices/{published['id']}").get_json()
    assert [len(page) for page in pages] == [2, 1] and [r["number"] for r in revisions] == [1, 2, 3]
    assert [r["significant"] for r in revisions] == [False, True, False]
    assert content == current["content"] and current["version"] == 5


def test_a_revision_cursor_that_was_not_given_out_is_422(notices_client, published):
    response = notices_client.get(f"/v1/notices/{published['id']}/revisions", query_string={"cursor": "bm9wZQ"})

    assert response.status_code == 422
