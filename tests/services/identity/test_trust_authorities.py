"""/v1/identity/authorities on the real app: add, list, read, disable, CRLs, and who may do what."""
from __future__ import annotations

import base64
import uuid

import pytest

from tests.support import pki as test_pki

pytestmark = pytest.mark.integration
URL = "/v1/identity/authorities"
OPERATOR = uuid.uuid4()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture(scope="module")
def pki():
    return test_pki.make_test_pki()


@pytest.fixture
def admin(mint):
    return {"Authorization": mint(roles=["platform-admin"], organisation=OPERATOR)}


def add(client, headers, issued, country="FR", label="A test CA", pem=False):
    certificate = issued.pem.decode() if pem else b64(issued.der)
    return client.post(URL, headers=headers, json={"certificate": certificate, "country": country, "label": label})


def test_a_platform_admin_adds_a_ca_identified_by_its_fingerprint(identity_client, admin):
    ca = test_pki.make_test_pki().root
    response = add(identity_client, admin, ca, country="CZ", label="Czech root")
    assert response.status_code == 201, response.json
    assert response.json["fingerprint"] == ca.fingerprint
    assert (response.json["country"], response.json["enabled"], response.json["source"]) == ("CZ", True, "manual")
    assert response.headers["Location"] == f"{URL}/{ca.fingerprint}"
    assert identity_client.get(f"{URL}/{ca.fingerprint}", headers=admin).json["label"] == "Czech root"


def test_a_ca_given_as_pem_is_accepted_too(identity_client, admin):
    assert add(identity_client, admin, test_pki.make_test_pki().root, pem=True).status_code == 201


def test_the_same_ca_twice_is_a_409(identity_client, admin, pki):
    assert add(identity_client, admin, pki.other_root).status_code == 201
    response = add(identity_client, admin, pki.other_root)
    assert response.status_code == 409 and response.mimetype == "application/problem+json"


def test_a_certificate_that_is_not_a_ca_is_refused(identity_client, admin, pki):
    response = add(identity_client, admin, pki.signer)
    assert response.status_code == 422 and "certificate" in response.json["errors"]


@pytest.mark.parametrize("body, field", [
    ({"certificate": b64(b"garbage"), "country": "FR", "label": "x"}, "certificate"),
    ({"certificate": "%%% not base64", "country": "FR", "label": "x"}, "base64"),
    ({"certificate": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "country": "FR",
      "label": "x"}, "certificate"),
    ({"certificate": "AAAA", "country": "France", "label": "x"}, "country"),
    ({"certificate": "AAAA", "country": "FR", "label": ""}, "label"),
    ({"country": "FR", "label": "x"}, "certificate"),
])
def test_bad_certificates_and_fields_are_422_problems(identity_client, admin, body, field):
    response = identity_client.post(URL, headers=admin, json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]


def test_the_list_is_paged_newest_first_with_a_cursor(identity_client, admin):
    added = [test_pki.make_test_pki().root for _ in range(3)]
    for ca in added:
        assert add(identity_client, admin, ca).status_code == 201
    first = identity_client.get(f"{URL}?limit=2", headers=admin).json
    second = identity_client.get(f"{URL}?limit=2&cursor={first['next_cursor']}", headers=admin).json
    listed = [item["fingerprint"] for item in first["items"] + second["items"]]
    assert listed[:3] == [ca.fingerprint for ca in reversed(added)]
    assert len(set(listed)) == len(listed)


def test_a_garbled_cursor_is_a_422(identity_client, admin):
    assert identity_client.get(f"{URL}?cursor=!!!", headers=admin).status_code == 422


def test_a_ca_is_disabled_and_enabled_again(identity_client, admin):
    ca = test_pki.make_test_pki().root
    add(identity_client, admin, ca)
    disabled = identity_client.patch(f"{URL}/{ca.fingerprint}", headers=admin, json={"enabled": False})
    assert disabled.status_code == 200 and disabled.json["enabled"] is False and disabled.json["signs"] is False
    listed = identity_client.get(f"{URL}?enabled=false&limit=100", headers=admin).json["items"]
    assert ca.fingerprint in [item["fingerprint"] for item in listed]
    enabled = identity_client.patch(f"{URL}/{ca.fingerprint}", headers=admin, json={"enabled": True})
    assert enabled.json["enabled"] is True


def test_an_unknown_fingerprint_is_a_404(identity_client, admin):
    assert identity_client.get(f"{URL}/{'0' * 64}", headers=admin).status_code == 404
    assert identity_client.patch(f"{URL}/{'0' * 64}", headers=admin, json={"enabled": False}).status_code == 404


def test_a_crl_signed_by_the_ca_is_stored(identity_client, admin, pki):
    add(identity_client, admin, pki.intermediate)
    response = identity_client.post(f"{URL}/{pki.intermediate.fingerprint}/crls", headers=admin,
                                    json={"crl": b64(pki.crl_der)})
    assert response.status_code == 201, response.json
    listed = identity_client.get(f"{URL}/{pki.intermediate.fingerprint}/crls", headers=admin).json["items"]
    assert response.json["id"] in [item["id"] for item in listed]


def test_a_crl_from_another_ca_is_refused(identity_client, admin, pki):
    add(identity_client, admin, pki.root)
    response = identity_client.post(f"{URL}/{pki.root.fingerprint}/crls", headers=admin,
                                    json={"crl": b64(pki.crl_der)})
    assert response.status_code == 422 and "crl" in response.json["errors"]


def test_a_crl_with_the_right_issuer_name_but_another_key_is_refused(identity_client, admin, pki):
    import datetime as dt
    add(identity_client, admin, pki.intermediate)
    forged = test_pki.revocation_list(pki.intermediate, [], dt.datetime.now(dt.timezone.utc),
                                      signing_key=pki.unknown_root.key)
    response = identity_client.post(f"{URL}/{pki.intermediate.fingerprint}/crls", headers=admin,
                                    json={"crl": b64(forged)})
    assert response.status_code == 422


def test_a_garbage_crl_is_a_422(identity_client, admin, pki):
    add(identity_client, admin, pki.intermediate)
    response = identity_client.post(f"{URL}/{pki.intermediate.fingerprint}/crls", headers=admin,
                                    json={"crl": b64(b"not a crl")})
    assert response.status_code == 422


ORG = uuid.uuid4()
PERSONAS = {
    "anonymous": None,
    "supplier agent": (["supplier-agent"], ORG),
    "supplier admin": (["supplier-admin"], ORG),
    "buyer agent": (["buyer-agent"], ORG),
    "buyer admin": (["buyer-admin"], ORG),
    "opening committee": (["opening-committee"], ORG),
    "platform admin": (["platform-admin"], OPERATOR),
    "auditor": (["auditor"], OPERATOR),
    "another organisation": (["buyer-admin"], uuid.uuid4()),
}
# (persona, may read the authorities, may change them)
MATRIX = [
    ("anonymous", 401, 401),
    ("supplier agent", 403, 403),
    ("supplier admin", 403, 403),
    ("buyer agent", 403, 403),
    ("buyer admin", 403, 403),
    ("opening committee", 403, 403),
    ("platform admin", 200, 201),
    ("auditor", 200, 403),
    ("another organisation", 403, 403),
]


def _headers(mint, persona):
    found = PERSONAS[persona]
    return {} if found is None else {"Authorization": mint(roles=found[0], organisation=found[1])}


@pytest.mark.parametrize("persona, read, change", MATRIX)
def test_who_may_read_and_change_the_authorities(identity_client, mint, admin, persona, read, change):
    headers = _headers(mint, persona)
    ca = test_pki.make_test_pki().root
    assert identity_client.get(URL, headers=headers).status_code == read
    assert add(identity_client, headers, ca).status_code == change
    add(identity_client, admin, ca)
    assert identity_client.get(f"{URL}/{ca.fingerprint}", headers=headers).status_code == read
    assert identity_client.get(f"{URL}/{ca.fingerprint}/crls", headers=headers).status_code == read
    patched = identity_client.patch(f"{URL}/{ca.fingerprint}", headers=headers, json={"enabled": False})
    assert patched.status_code == (200 if change == 201 else change)
    assert identity_client.get("/v1/identity/trusted-lists", headers=headers).status_code == read


@pytest.mark.parametrize("persona, expected", [
    ("anonymous", 401), ("supplier agent", 200), ("supplier admin", 200), ("buyer agent", 200),
    ("buyer admin", 200), ("opening committee", 200), ("platform admin", 200), ("auditor", 200),
    ("another organisation", 200)])
def test_every_authenticated_persona_may_validate_a_signature(identity_client, mint, pki, persona, expected):
    signed = test_pki.cades_sign(b"bid", pki.signer)
    response = identity_client.post("/v1/identity/signatures/validate", headers=_headers(mint, persona),
                                    json={"signature": b64(signed), "signed_file": b64(b"bid")})
    assert response.status_code == expected
