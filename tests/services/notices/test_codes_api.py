"""The code list endpoints on the real notices app and a migrated database: lookups, autocomplete,
labels per Accept-Language, and the persona matrix (every persona may read code lists)."""
from __future__ import annotations

import uuid

import pytest

from procure.codelists.files import data_file
from procure.codelists.genericode import read_genericode
from services.notices.service.codes import import_code_list

pytestmark = pytest.mark.integration

SOCIAL_SERVICES = data_file("eforms", "cpv_social-service-cpv.gc")


@pytest.fixture(scope="module")
def client(notices_app):
    """The shared app, with the 24-language list of social services imported (importing is idempotent)."""
    import_code_list(SOCIAL_SERVICES, notices_app.extensions["procure.notices"].unit_of_work())
    return notices_app.test_client()


def test_a_cpv_code_comes_with_its_label_ancestors_and_children(client):
    answer = client.get("/v1/notices/codes/cpv/45210000-2")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["label"] == "Building construction work"
    assert body["language"] == "en" and body["level"] == 2
    assert [ancestor["code"] for ancestor in body["ancestors"]] == ["45000000-7", "45200000-9"]
    assert body["ancestors"][0]["label"] == "Construction work"
    assert "45211000-9" in [child["code"] for child in body["children"]]


def test_a_label_comes_in_the_language_the_caller_prefers_most(client):
    answer = client.get("/v1/notices/codes/cpv/85311000-2",
                        headers={"Accept-Language": "de;q=0.2, cs;q=0.9, en;q=0.5"})
    assert answer.get_json()["language"] == "cs"
    assert answer.get_json()["label"] == read_genericode(SOCIAL_SERVICES).codes["85311000"].labels["ces"]
    assert answer.headers["Content-Language"] == "cs"
    assert "Accept-Language" in answer.headers["Vary"]


def test_a_language_refused_with_q_zero_is_not_used(client):
    answer = client.get("/v1/notices/codes/cpv/85311000-2", headers={"Accept-Language": "sv;q=0, fr;q=0.1"})
    assert answer.get_json()["language"] == "fr"


def test_a_label_falls_back_to_english_when_the_language_has_none(client):
    answer = client.get("/v1/notices/codes/cpv/45210000-2", headers={"Accept-Language": "sv"})
    body = answer.get_json()
    assert (body["label"], body["language"]) == ("Building construction work", "en")
    assert answer.headers["Content-Language"] == "en"


def test_an_unknown_language_means_english(client):
    answer = client.get("/v1/notices/codes/cpv/85311000-2", headers={"Accept-Language": "tlh, x-pirate;q=0.4"})
    assert answer.get_json()["language"] == "en"


@pytest.mark.parametrize("code, status", [("45210000-3", 422), ("4521", 422), ("x" * 300, 422),
                                          ("12345678-0", 404)])
def test_a_malformed_cpv_code_is_invalid_and_an_unknown_one_is_not_found(client, code, status):
    answer = client.get(f"/v1/notices/codes/cpv/{code}")
    assert answer.status_code == status
    assert answer.content_type == "application/problem+json"


def test_cpv_codes_complete_from_a_code_prefix(client):
    items = client.get("/v1/notices/codes/cpv?q=4521&limit=5").get_json()["items"]
    assert len(items) == 5
    assert all(item["code"].startswith("4521") for item in items)
    assert items[0]["code"] == "45210000-2"


def test_cpv_codes_complete_from_words_in_the_asked_language(client):
    answer = client.get("/v1/notices/codes/cpv?q=ústavní sociální", headers={"Accept-Language": "cs"})
    items = answer.get_json()["items"]
    assert "85311000-2" in [item["code"] for item in items]
    assert all(item["language"] == "cs" for item in items)
    assert answer.headers["Content-Language"] == "cs"


def test_cpv_completion_by_word_prefix_ignores_case(client):
    codes = [item["code"] for item in client.get("/v1/notices/codes/cpv?q=BUILDING constr").get_json()["items"]]
    assert "45210000-2" in codes


def test_a_completion_query_is_validated(client):
    assert client.get("/v1/notices/codes/cpv?q=").status_code == 422
    assert client.get("/v1/notices/codes/cpv?q=x&limit=51").status_code == 422
    assert client.get("/v1/notices/codes/nuts").status_code == 422


def test_a_nuts_region_comes_with_the_regions_above_and_below(client):
    body = client.get("/v1/notices/codes/nuts/FR10").get_json()
    assert body["level"] == 2
    assert [ancestor["code"] for ancestor in body["ancestors"]] == ["FR", "FR1"]
    assert "FR101" in [child["code"] for child in body["children"]]
    paris = next(child for child in body["children"] if child["code"] == "FR101")
    assert paris["label"] == "Paris"


def test_a_level_three_region_is_named_in_the_asked_language(client):
    body = client.get("/v1/notices/codes/nuts/EL303", headers={"Accept-Language": "el"}).get_json()
    assert body["language"] == "el" and body["label"] and body["children"] == []


@pytest.mark.parametrize("code, status", [("fr10", 422), ("FR1234", 422), ("ZZ1", 404)])
def test_a_malformed_nuts_code_is_invalid_and_an_unknown_one_is_not_found(client, code, status):
    assert client.get(f"/v1/notices/codes/nuts/{code}").status_code == status


def test_nuts_codes_complete_from_a_code_prefix_at_every_level(client):
    codes = [item["code"] for item in client.get("/v1/notices/codes/nuts?q=fr1&limit=50").get_json()["items"]]
    assert codes[:3] == ["FR1", "FR10", "FR101"]


def test_nuts_regions_complete_from_their_name(client):
    codes = [item["code"] for item in client.get("/v1/notices/codes/nuts?q=seine marne").get_json()["items"]]
    assert codes == ["FR102"]


PERSONAS = {
    "anonymous": None,
    "supplier agent": ("supplier-agent",),
    "supplier admin": ("supplier-admin",),
    "buyer agent": ("buyer-agent",),
    "buyer admin": ("buyer-admin",),
    "opening committee": ("opening-committee",),
    "platform admin": ("platform-admin",),
    "auditor": ("auditor",),
    "user of another organisation": ("buyer-admin",),
}
ENDPOINTS = ["/v1/notices/codes/cpv/45210000-2", "/v1/notices/codes/cpv?q=45",
             "/v1/notices/codes/nuts/FR10", "/v1/notices/codes/nuts?q=FR"]
# Code lists are public reference data: every cell is an explicit allow.
MATRIX = [(persona, endpoint, 200) for persona in PERSONAS for endpoint in ENDPOINTS]


@pytest.mark.parametrize("persona, endpoint, status", MATRIX)
def test_every_persona_may_read_the_code_lists(client, issuer, persona, endpoint, status):
    roles = PERSONAS[persona]
    headers = {} if roles is None else {
        "Authorization": f"Bearer {issuer.token(organisation=uuid.uuid4(), roles=roles)}"}
    assert client.get(endpoint, headers=headers).status_code == status


def test_a_code_prefix_is_a_range_of_the_primary_key_not_a_scan(client, notices_app):
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from services.notices.adapters.code_labels import CodeLabelRepository
    engine = notices_app.extensions["procure.notices"].context.engine
    statements = []

    def remember(connection, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))
    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        with Session(engine) as session:
            CodeLabelRepository(session).codes_with_prefix("cpv", "4521", 10)
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)
    statement, parameters = statements[-1]
    with engine.connect() as connection:
        plan = "\n".join(row[0] for row in connection.connection.driver_connection.execute(
            "EXPLAIN " + statement, parameters))
    assert "code_labels_pkey" in plan and "code >= '4521'" in plan
    assert "Seq Scan" not in plan
