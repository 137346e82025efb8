"""ETSI TS 119 612 trusted lists built and signed by the tests, imported offline through the API."""
from __future__ import annotations

import base64
import uuid

import pytest

from tests.support import pki as test_pki
from tests.support.pki import GRANTED, WITHDRAWN, ListedService

pytestmark = pytest.mark.integration
LISTS = "/v1/identity/trusted-lists"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def admin(mint):
    return {"Authorization": mint(roles=["platform-admin"], organisation=uuid.uuid4())}


@pytest.fixture
def user(mint):
    return {"Authorization": mint(roles=["supplier-agent"], organisation=uuid.uuid4())}


def register(client, admin, territory, operator):
    response = client.post(LISTS, headers=admin, json={
        "territory": territory, "label": f"Trusted list of {territory}", "signing_certificates": [b64(operator.der)]})
    assert response.status_code == 201, response.json


def import_list(client, admin, territory, xml, as_json=False):
    url = f"{LISTS}/{territory}/imports"
    if as_json:
        return client.post(url, headers=admin, json={"xml": b64(xml)})
    return client.post(url, headers=admin, data=xml, content_type="application/xml")


def validate_pdf(client, user, signer):
    response = client.post("/v1/identity/signatures/validate", headers=user, json={
        "document": b64(test_pki.pades_sign(test_pki.small_pdf(), signer))})
    assert response.status_code == 200, response.json
    return response.json


def test_an_imported_list_makes_its_granted_ca_validate_signatures(identity_client, admin, user):
    pki = test_pki.make_test_pki()
    register(identity_client, admin, "AT", pki.list_operator)
    assert validate_pdf(identity_client, user, pki.signer)["indication"] == "INDETERMINATE"
    xml = test_pki.sign_trusted_list(test_pki.trusted_list_xml("AT", [ListedService(
        pki.intermediate, history=[(GRANTED, "2020-01-01T00:00:00Z")])]), pki.list_operator)
    response = import_list(identity_client, admin, "AT", xml)
    assert response.status_code == 201, response.json
    assert response.json["granted"] == [pki.intermediate.fingerprint]
    report = validate_pdf(identity_client, user, pki.signer)
    assert report["indication"] == "TOTAL-PASSED"
    assert report["accepted_authority"]["source"] == "trusted-list"
    assert report["accepted_authority"]["service_type"] == test_pki.CA_QC


def test_a_listed_service_keeps_its_type_status_and_history(identity_client, admin):
    pki = test_pki.make_test_pki()
    register(identity_client, admin, "BE", pki.list_operator)
    xml = test_pki.sign_trusted_list(test_pki.trusted_list_xml("BE", [ListedService(
        pki.intermediate, history=[(WITHDRAWN, "2019-01-01T00:00:00Z"), (GRANTED, "2018-01-01T00:00:00Z")])],
        sequence=7), pki.list_operator)
    assert import_list(identity_client, admin, "BE", xml, as_json=True).status_code == 201
    source = identity_client.get(f"{LISTS}/BE", headers=admin).json
    service = source["latest_import"]["services"][0]
    assert source["latest_import"]["sequence_number"] == 7
    assert (service["service_type"], service["status"]) == (test_pki.CA_QC, GRANTED)
    assert [change["status"] for change in service["history"]] == [WITHDRAWN, GRANTED]
    assert service["certificates"][0]["fingerprint"] == pki.intermediate.fingerprint
    authority = identity_client.get(f"/v1/identity/authorities/{pki.intermediate.fingerprint}", headers=admin).json
    assert (authority["source"], authority["territory"], authority["service_status"]) == ("trusted-list", "BE", GRANTED)


def test_a_tampered_list_is_refused_and_changes_nothing(identity_client, admin, user):
    pki = test_pki.make_test_pki()
    register(identity_client, admin, "DK", pki.list_operator)
    xml = test_pki.sign_trusted_list(test_pki.trusted_list_xml("DK", [ListedService(
        pki.intermediate, status=WITHDRAWN)]), pki.list_operator)
    tampered = xml.replace(WITHDRAWN.encode(), GRANTED.encode())
    response = import_list(identity_client, admin, "DK", tampered)
    assert response.status_code == 422, response.json
    assert response.json["type"].endswith("trusted-list-signature-invalid")
    assert identity_client.get(f"{LISTS}/DK", headers=admin).json["latest_import"] is None
    assert identity_client.get(f"/v1/identity/authorities/{pki.intermediate.fingerprint}",
                               headers=admin).status_code == 404
    assert validate_pdf(identity_client, user, pki.signer)["indication"] == "INDETERMINATE"


def test_a_list_signed_by_another_key_is_refused(identity_client, admin):
    pki = test_pki.make_test_pki()
    register(identity_client, admin, "EE", pki.list_operator)
    xml = test_pki.sign_trusted_list(test_pki.trusted_list_xml("EE", [ListedService(pki.intermediate)]),
                                     pki.unknown_root)
    assert import_list(identity_client, admin, "EE", xml).status_code == 422


def test_a_withdrawn_service_no_longer_gives_total_passed(identity_client, admin, user):
    pki = test_pki.make_test_pki()
    register(identity_client, admin, "FI", pki.list_operator)
    granted = test_pki.trusted_list_xml("FI", [ListedService(pki.intermediate)], sequence=1)
    assert import_list(identity_client, admin, "FI", test_pki.sign_trusted_list(granted, pki.list_operator)
                       ).status_code == 201
    assert validate_pdf(identity_client, user, pki.signer)["indication"] == "TOTAL-PASSED"
    withdrawn = test_pki.trusted_list_xml("FI", [ListedService(
        pki.intermediate, status=WITHDRAWN, history=[(GRANTED, "2024-01-01T00:00:00Z")])], sequence=2)
    response = import_list(identity_client, admin, "FI", test_pki.sign_trusted_list(withdrawn, pki.list_operator))
    assert response.status_code == 201 and response.json["withdrawn"] == [pki.intermediate.fingerprint]
    report = validate_pdf(identity_client, user, pki.signer)
    assert (report["indication"], report["sub_indication"]) == ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND")


def test_an_older_list_than_the_imported_one_is_a_409(identity_client, admin):
    pki = test_pki.make_test_pki()
    register(identity_client, admin, "GR", pki.list_operator)
    for sequence, expected in ((5, 201), (4, 409)):
        xml = test_pki.sign_trusted_list(test_pki.trusted_list_xml("GR", [ListedService(pki.intermediate)],
                                                                   sequence=sequence), pki.list_operator)
        assert import_list(identity_client, admin, "GR", xml).status_code == expected


def test_the_eu_list_of_lists_configures_the_national_lists_it_points_to(identity_client, admin, user):
    pki, national_operator = test_pki.make_test_pki(), test_pki.make_test_pki().list_operator
    register(identity_client, admin, "EU", pki.list_operator)
    lotl = test_pki.trusted_list_xml("EU", [], pointers=[("SK", national_operator)])
    response = import_list(identity_client, admin, "EU", test_pki.sign_trusted_list(lotl, pki.list_operator))
    assert response.status_code == 201 and response.json["sources"] == ["SK"]
    national = test_pki.trusted_list_xml("SK", [ListedService(pki.intermediate)])
    assert import_list(identity_client, admin, "SK", test_pki.sign_trusted_list(national, national_operator)
                       ).status_code == 201
    assert validate_pdf(identity_client, user, pki.signer)["indication"] == "TOTAL-PASSED"


@pytest.mark.parametrize("xml", [
    b"not xml at all",
    b"<Other xmlns='urn:x'/>",
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
])
def test_garbage_lists_are_422_problems(identity_client, admin, xml):
    pki = test_pki.make_test_pki()
    territory = "LU"
    identity_client.post(LISTS, headers=admin, json={"territory": territory, "label": "Luxembourg",
                                                     "signing_certificates": [b64(pki.list_operator.der)]})
    response = import_list(identity_client, admin, territory, xml)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"


def test_an_import_for_an_unregistered_territory_is_a_404(identity_client, admin):
    assert import_list(identity_client, admin, "MT", b"<x/>").status_code == 404


def test_wrong_base64_in_a_json_import_is_a_422(identity_client, admin):
    response = identity_client.post(f"{LISTS}/LU/imports", headers=admin, json={"xml": "%%%"})
    assert response.status_code == 422


def test_a_second_source_for_a_territory_is_a_409(identity_client, admin):
    pki = test_pki.make_test_pki()
    register(identity_client, admin, "LV", pki.list_operator)
    response = identity_client.post(LISTS, headers=admin, json={
        "territory": "LV", "label": "again", "signing_certificates": [b64(pki.list_operator.der)]})
    assert response.status_code == 409


def test_a_source_with_a_garbage_certificate_is_a_422(identity_client, admin):
    response = identity_client.post(LISTS, headers=admin, json={
        "territory": "LT", "label": "x", "signing_certificates": [b64(b"garbage")]})
    assert response.status_code == 422


@pytest.mark.parametrize("roles, expected", [
    ([], 403), (["supplier-admin"], 403), (["buyer-admin"], 403), (["auditor"], 403), (["platform-admin"], 404)])
def test_only_a_platform_admin_registers_sources_and_imports_lists(identity_client, mint, roles, expected):
    headers = {"Authorization": mint(roles=roles, organisation=uuid.uuid4())}
    assert import_list(identity_client, headers, "NL", b"<x/>").status_code == expected
    response = identity_client.post(LISTS, headers=headers, json={"territory": "NL", "label": "x",
                                                                  "signing_certificates": ["AAAA"]})
    assert response.status_code in ((403,) if expected == 403 else (422,))


def test_importing_a_list_needs_a_token(identity_client):
    assert import_list(identity_client, {}, "NL", b"<x/>").status_code == 401
