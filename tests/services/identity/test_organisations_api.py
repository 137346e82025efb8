"""Organisations through the real identity app: registration with a profile, reading, revising, listing."""
from __future__ import annotations

import uuid

import pytest

from tests.support.procurement import PASSWORD, buyer_organisation, supplier_organisation

pytestmark = pytest.mark.integration


def register(client, organisation: dict):
    return client.post("/v1/identity/registrations", json={
        "organisation": organisation,
        "user": {"email": f"{uuid.uuid4().hex[:10]}@example.org", "name": "Camille Martin", "password": PASSWORD}})


@pytest.fixture
def buyer(identity_client) -> uuid.UUID:
    answer = register(identity_client, buyer_organisation("Commune de Beaune"))
    assert answer.status_code == 201, answer.json
    return uuid.UUID(answer.json["organisation_id"])


@pytest.fixture
def personas(mint, buyer):
    """persona -> Authorization header (None for anonymous), acting on or beside the buyer."""
    supplier, platform, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    return {
        "anonymous": None,
        "supplier agent": mint(roles=["supplier-agent"], organisation=supplier),
        "supplier admin": mint(roles=["supplier-admin"], organisation=supplier),
        "buyer agent": mint(roles=["buyer-agent"], organisation=buyer),
        "buyer admin": mint(roles=["buyer-admin"], organisation=buyer),
        "opening committee": mint(roles=["opening-committee"], organisation=buyer),
        "platform admin": mint(roles=["platform-admin"], organisation=platform),
        "auditor": mint(roles=["auditor"], organisation=platform),
        "user of another organisation": mint(roles=["buyer-admin"], organisation=other),
    }


def headers(authorization, **more) -> dict:
    return {**({"Authorization": authorization} if authorization else {}), **more}


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier agent", 404), ("supplier admin", 404), ("buyer agent", 200),
    ("buyer admin", 200), ("opening committee", 200), ("platform admin", 200), ("auditor", 200),
    ("user of another organisation", 404)])
def test_who_may_read_an_organisation(identity_client, personas, buyer, persona, status):
    answer = identity_client.get(f"/v1/identity/organisations/{buyer}", headers=headers(personas[persona]))

    assert answer.status_code == status
    if status == 200:
        assert answer.json["name"] == "Commune de Beaune" and answer.json["nuts"] == "FRC11"
    else:
        assert "name" not in answer.json


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier agent", 404), ("supplier admin", 404), ("buyer agent", 403),
    ("buyer admin", 200), ("opening committee", 403), ("platform admin", 403), ("auditor", 403),
    ("user of another organisation", 404)])
def test_who_may_change_an_organisation(identity_client, personas, buyer, persona, status):
    answer = identity_client.patch(f"/v1/identity/organisations/{buyer}", json={"name": "Ville de Beaune"},
                                   headers=headers(personas[persona], **{"If-Match": '"v1"'}))

    assert answer.status_code == status
    read = identity_client.get(f"/v1/identity/organisations/{buyer}", headers=headers(personas["auditor"]))
    assert read.json["name"] == ("Ville de Beaune" if status == 200 else "Commune de Beaune")


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier agent", 403), ("supplier admin", 403), ("buyer agent", 403),
    ("buyer admin", 403), ("opening committee", 403), ("platform admin", 200), ("auditor", 200),
    ("user of another organisation", 403)])
def test_who_may_list_every_organisation(identity_client, personas, persona, status):
    answer = identity_client.get("/v1/identity/organisations?limit=2", headers=headers(personas[persona]))

    assert answer.status_code == status
    assert ("items" in answer.json) == (status == 200)


def test_the_list_of_organisations_pages_with_a_cursor_newest_first(identity_client, personas, buyer):
    auditor = headers(personas["auditor"])
    seen, cursor = [], None
    for _ in range(50):
        answer = identity_client.get("/v1/identity/organisations", headers=auditor,
                                     query_string={"limit": 3, **({"cursor": cursor} if cursor else {})})
        seen += answer.json["items"]
        cursor = answer.json["next_cursor"]
        if cursor is None:
            break
    assert seen[0]["id"] == str(buyer)
    assert len({item["id"] for item in seen}) == len(seen)
    assert [item["created_at"] for item in seen] == sorted((item["created_at"] for item in seen), reverse=True)


def test_reading_gives_the_etag_and_a_change_moves_it_on(identity_client, personas, buyer):
    admin = personas["buyer admin"]
    read = identity_client.get(f"/v1/identity/organisations/{buyer}", headers=headers(admin))
    assert read.headers["ETag"] == '"v1"'

    changed = identity_client.patch(f"/v1/identity/organisations/{buyer}", headers=headers(admin, **{
        "If-Match": read.headers["ETag"]}), json={"nuts": "FRC12", "contact_point": {
            "name": "Marchés publics", "email": "marches@beaune.example"}})

    assert changed.status_code == 200, changed.json
    assert changed.headers["ETag"] == '"v2"'
    assert changed.json["nuts"] == "FRC12"
    assert changed.json["contact_point"]["name"] == "Marchés publics"
    assert changed.json["address"]["locality"] == "Beaune"  # what the body leaves out stays


def test_a_change_without_if_match_is_428_and_with_a_stale_one_412(identity_client, personas, buyer):
    admin, url = personas["buyer admin"], f"/v1/identity/organisations/{buyer}"

    assert identity_client.patch(url, headers=headers(admin), json={"name": "X"}).status_code == 428
    assert identity_client.patch(url, headers=headers(admin, **{"If-Match": '"v1"'}), json={"name": "Y"}
                                 ).status_code == 200
    stale = identity_client.patch(url, headers=headers(admin, **{"If-Match": '"v1"'}), json={"name": "Z"})
    assert stale.status_code == 412
    assert identity_client.get(url, headers=headers(admin)).json["name"] == "Y"


@pytest.mark.parametrize("body, field", [
    ({"nuts": "BE100"}, "nuts"), ({"nuts": "FRQ99"}, "nuts"), ({"buyer_legal_type": "village"}, "buyer_legal_type"),
    ({"size": "small"}, "kind"), ({"cpv_codes": ["45000000-7"]}, "kind"), ({"nuts": "F"}, "nuts")])
def test_a_wrong_change_is_422_naming_the_field(identity_client, personas, buyer, body, field):
    answer = identity_client.patch(f"/v1/identity/organisations/{buyer}", json=body,
                                   headers=headers(personas["buyer admin"], **{"If-Match": '"v1"'}))

    assert answer.status_code == 422
    assert field in str(answer.json["errors"])


def test_registering_a_supplier_keeps_its_profile(identity_client, mint):
    answer = register(identity_client, supplier_organisation("Menuiserie Dupont", cpv_codes=["45421000-4"],
                                                             listed=True))
    organisation = answer.json["organisation_id"]

    read = identity_client.get(f"/v1/identity/organisations/{organisation}",
                               headers={"Authorization": mint(roles=["supplier-agent"], organisation=organisation)})
    assert read.json["kind"] == "supplier" and read.json["size"] == "small"
    assert read.json["cpv_codes"] == ["45421000-4"]
    assert read.json["directory"]["listed"] is True


def test_the_same_registration_identifier_twice_is_a_409(identity_client):
    first = buyer_organisation("Commune A")
    second = {**buyer_organisation("Commune B"), "identifier": first["identifier"]}

    assert register(identity_client, first).status_code == 201
    answer = register(identity_client, second)

    assert answer.status_code == 409
    assert answer.json["errors"] == {"organisation.identifier": ["Already registered."]}


@pytest.mark.parametrize("change, field", [
    ({"identifier": {"scheme": "FR-SIRET", "value": "73282932000075"}}, "organisation.identifier"),
    ({"identifier": {"scheme": "CZ-ICO", "value": "25596641"}}, "organisation.identifier"),
    ({"nuts": "CZ010"}, "organisation.nuts"),
    ({"buyer_legal_type": None}, "buyer_legal_type"),
    ({"kind": "platform"}, "kind"),
])
def test_a_registration_with_a_wrong_detail_is_422_naming_the_field(identity_client, change, field):
    answer = register(identity_client, {**buyer_organisation(), **change})

    assert answer.status_code == 422, answer.json
    assert field in str(answer.json["errors"])


def test_a_supplier_registration_needs_its_size(identity_client):
    organisation = supplier_organisation()
    del organisation["size"]

    answer = register(identity_client, organisation)

    assert answer.status_code == 422
    assert "size" in str(answer.json["errors"])
