"""`GET /v1/notices`, the public search, over HTTP on the real app and database.

Each test writes notices of a buyer of its own and searches with `buyer=` so that what other
tests write into the same database never shows.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from services.notices.adapters.tables import notices
from tests.support.notice_rows import notice_row
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.integration

START = datetime(2031, 3, 1, tzinfo=timezone.utc)
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


def headers(issuer, persona: str) -> dict:
    if PERSONAS[persona] is None:
        return {}
    organisation, roles = PERSONAS[persona]
    return {"Authorization": f"Bearer {issuer.token(organisation=organisation, roles=roles)}"}


def insert(notices_app, *rows: dict) -> None:
    with notices_app.extensions["procure.notices"].unit_of_work() as uow:
        uow.session.execute(sa.insert(notices), list(rows))
        uow.commit()


def row(buyer_id, *, days: int = 0, **changes) -> dict:
    """A published notice of `buyer_id`, published `days` hours and due 30 + `days` days after START."""
    facts = {"title": {"en": "Road works"}, "description": {"en": "Resurfacing."}, "cpv_code": "45233141-9",
             "nuts": ["FRC11"], "published_at": START + timedelta(hours=days),
             "deadline": START + timedelta(days=30 + days), "buyer_id": buyer_id}
    return notice_row(**{**facts, **changes})


def search(client, **query):
    response = client.get("/v1/notices", query_string=query, headers=query.pop("headers", None) or {})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def found_ids(page: dict) -> list[str]:
    return [item["id"] for item in page["items"]]


@pytest.fixture(scope="module")
def published_and_draft(notices_app, issuer) -> dict:
    """A buyer's published notice and its draft, both made through the API."""
    client, buyer = notices_app.test_client(), BUYER
    auth = headers(issuer, "buyer-admin")
    made = {}
    for name in ("published", "draft"):
        body = valid_draft_body(title={"fr": f"Voirie {name}", "en": f"Roads {name}"})
        response = client.post("/v1/notices", json=body, headers=auth)
        assert response.status_code == 201, response.get_json()
        made[name] = response.get_json()["id"]
    published = client.post(f"/v1/notices/{made['published']}/publish", headers={**auth, "If-Match": '"v1"'})
    assert published.status_code == 200, published.get_json()
    return {"buyer": str(buyer), **made}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_persona_may_search_and_sees_published_notices_but_never_drafts(
        notices_client, issuer, published_and_draft, persona):
    page = search(notices_client, buyer=published_and_draft["buyer"], headers=headers(issuer, persona))

    assert found_ids(page) == [published_and_draft["published"]]


def test_an_anonymous_search_needs_no_token(notices_client, published_and_draft):
    response = notices_client.get("/v1/notices", query_string={"buyer": published_and_draft["buyer"]})

    assert response.status_code == 200


@pytest.mark.parametrize("query, field", [
    ({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"), ({"cpv": "4"}, "cpv"), ({"nuts": "fr"}, "nuts"),
    ({"status": "draft"}, "status"), ({"procedure": "auction"}, "procedure"), ({"nature": "goods"}, "nature"),
    ({"sort": "relevance"}, "sort"), ({"sort": "cheapest"}, "sort"), ({"value_min": "10"}, "currency"),
    ({"value_min": "-1", "currency": "EUR"}, "value_min"), ({"currency": "euro"}, "currency"),
    ({"deadline_from": "2030-01-01T00:00:00"}, "deadline_from"), ({"published_to": "yesterday"}, "published_to"),
    ({"lang": "french"}, "lang"), ({"language": "FR"}, "language"), ({"buyer": "someone"}, "buyer"),
    ({"green": "maybe"}, "green"), ({"q": "x" * 201}, "q"), ({"q": "road\x00works"}, "q"),
    ({"cursor": "not-a-cursor"}, "cursor")])
def test_an_invalid_parameter_is_refused_naming_it(notices_client, query, field):
    response = notices_client.get("/v1/notices", query_string=query)

    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_a_cursor_of_another_order_is_refused(notices_client, notices_app):
    buyer = uuid.uuid4()
    insert(notices_app, *(row(buyer, days=day) for day in range(3)))
    cursor = search(notices_client, buyer=str(buyer), limit=1, sort="deadline")["next_cursor"]

    response = notices_client.get("/v1/notices", query_string={"cursor": cursor, "sort": "published"})

    assert response.status_code == 422
    assert "cursor" in response.get_json()["errors"]


def test_french_words_find_the_french_text_in_its_other_forms(notices_client, notices_app):
    buyer = uuid.uuid4()
    roads, school = row(buyer, title={"fr": "Travaux de voirie"}), row(buyer, title={"fr": "Rénover l'école"})
    insert(notices_app, roads, school)

    assert found_ids(search(notices_client, buyer=str(buyer), q="travaux", lang="fr")) == [str(roads["id"])]
    assert found_ids(search(notices_client, buyer=str(buyer), q="voiries", lang="fr")) == [str(roads["id"])]
    assert found_ids(search(notices_client, buyer=str(buyer), q="rénovation", lang="fr")) == [str(school["id"])]


def test_the_language_of_the_words_comes_from_accept_language_when_lang_is_absent(notices_client, notices_app):
    buyer = uuid.uuid4()
    school = row(buyer, title={"fr": "Rénover l'école"})
    insert(notices_app, school)

    page = search(notices_client, buyer=str(buyer), q="rénovation", headers={"Accept-Language": "fr-BE, en;q=0.5"})

    assert found_ids(page) == [str(school["id"])]


def test_words_in_no_language_match_as_written(notices_client, notices_app):
    buyer = uuid.uuid4()
    roads = row(buyer, title={"fr": "Travaux de voirie"})
    insert(notices_app, roads)

    assert found_ids(search(notices_client, buyer=str(buyer), q="travaux")) == [str(roads["id"])]
    assert found_ids(search(notices_client, buyer=str(buyer), q="voiries")) == []


def test_facets_count_the_whole_result(notices_client, notices_app):
    buyer = uuid.uuid4()
    insert(notices_app, row(buyer), row(buyer, procedure="restricted"),
           row(buyer, cpv_code="72212445-0", nuts=["BE100"]))

    facets = search(notices_client, buyer=str(buyer), limit=1)["facets"]

    assert [(count["code"], count["count"]) for count in facets["cpv_division"]] == [("45", 2), ("72", 1)]
    assert [(count["code"], count["count"]) for count in facets["nuts2"]] == [("FRC1", 2), ("BE10", 1)]
    assert [(count["code"], count["count"]) for count in facets["procedure"]] == [("open", 2), ("restricted", 1)]


def test_facet_labels_come_in_the_language_asked_for(notices_client, notices_app):
    buyer = uuid.uuid4()
    insert(notices_app, row(buyer))
    with notices_app.extensions["procure.notices"].unit_of_work() as uow:
        uow.code_labels.upsert([("cpv", "45000000-7", "fr", "Travaux de construction")], replace=False)
        uow.commit()
        french = uow.code_labels.labels_for("cpv", ["45"], "fr")["45"]

    facets = search(notices_client, buyer=str(buyer), headers={"Accept-Language": "fr-FR, en;q=0.5"})["facets"]

    assert facets["cpv_division"] == [{"code": "45", "count": 1, "label": french}]


def test_facet_labels_fall_back_to_english(notices_client, notices_app):
    buyer = uuid.uuid4()
    insert(notices_app, row(buyer))

    asked = {language: search(notices_client, buyer=str(buyer), headers={"Accept-Language": language})["facets"]
             for language in ("en", "zz")}

    english = asked["en"]["cpv_division"][0]["label"]
    assert english and english.lower().startswith("construction")
    assert asked["zz"]["cpv_division"][0]["label"] == english
    assert asked["zz"]["nuts2"][0]["label"] == asked["en"]["nuts2"][0]["label"]


def test_facets_come_with_the_first_page_only(notices_client, notices_app):
    buyer = uuid.uuid4()
    insert(notices_app, row(buyer), row(buyer, days=1))
    first = search(notices_client, buyer=str(buyer), limit=1)

    later = search(notices_client, buyer=str(buyer), limit=1, cursor=first["next_cursor"])

    assert first["facets"] is not None and later["facets"] is None


@pytest.mark.parametrize("sort", ["deadline", "published"])
def test_cursor_pages_cover_every_notice_once(notices_client, notices_app, sort):
    buyer = uuid.uuid4()
    rows = [row(buyer, days=day % 4) for day in range(11)] + [row(buyer, days=2, deadline=None)]
    insert(notices_app, *rows)
    seen, cursor = [], None
    for _ in range(10):
        page = search(notices_client, buyer=str(buyer), limit=3, sort=sort, **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) <= 3
        seen += found_ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == len(set(seen)) == len(rows)


def test_sorting_by_deadline_puts_the_soonest_first_and_notices_without_one_last(notices_client, notices_app):
    buyer = uuid.uuid4()
    later, none, sooner = row(buyer, days=5), row(buyer, days=0, deadline=None), row(buyer, days=1)
    insert(notices_app, later, none, sooner)

    page = search(notices_client, buyer=str(buyer), sort="deadline")

    assert found_ids(page) == [str(sooner["id"]), str(later["id"]), str(none["id"])]
    assert [item["submission_deadline"] for item in page["items"]][-1] is None


def test_a_status_change_of_a_notice_is_seen_by_the_search(notices_client, notices_app):
    buyer = uuid.uuid4()
    notice = row(buyer)
    insert(notices_app, notice)
    with notices_app.extensions["procure.notices"].unit_of_work() as uow:
        uow.session.execute(sa.update(notices).where(notices.c.id == notice["id"]).values(status="cancelled"))
        uow.commit()

    assert found_ids(search(notices_client, buyer=str(buyer), status="published")) == []
    assert found_ids(search(notices_client, buyer=str(buyer), status="cancelled")) == [str(notice["id"])]
