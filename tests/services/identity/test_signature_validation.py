"""POST /v1/identity/signatures/validate on the real app: PAdES, CAdES and XAdES made by the test PKI.

Validation is at the current time with no time-stamp, so a revoked signer gives INDETERMINATE /
REVOKED_NO_POE and an expired one INDETERMINATE / OUT_OF_BOUNDS_NO_POE, as EN 319 102-1's basic
validation says when there is no proof of existence before the revocation or the expiry.
"""
from __future__ import annotations

import base64
import hashlib
import io
import uuid

import pytest

from tests.support import pki as test_pki

pytestmark = pytest.mark.integration
URL = "/v1/identity/signatures/validate"
BID = b"<Bid xmlns='urn:procure:test'><Lot>1</Lot><Amount currency='EUR'>1250.00</Amount></Bid>"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture(scope="module")
def pki():
    return test_pki.make_test_pki()


@pytest.fixture(scope="module")
def accepted(pki, identity_app, mint):
    """The test root is accepted, with the intermediate's CRL that lists the revoked signer."""
    client = identity_app.test_client()
    admin = {"Authorization": mint(roles=["platform-admin"], organisation=uuid.uuid4())}
    response = client.post("/v1/identity/authorities", headers=admin,
                           json={"certificate": b64(pki.root.der), "country": "FR", "label": "Test root"})
    assert response.status_code == 201, response.json
    response = client.post("/v1/identity/authorities", headers=admin,
                           json={"certificate": pki.intermediate.pem.decode(), "country": "FR",
                                 "label": "Test qualified CA"})
    assert response.status_code == 201, response.json
    response = client.post(f"/v1/identity/authorities/{pki.intermediate.fingerprint}/crls", headers=admin,
                           json={"crl": b64(pki.crl_der)})
    assert response.status_code == 201, response.json
    return pki


@pytest.fixture
def user(mint):
    return {"Authorization": mint(roles=["supplier-agent"], organisation=uuid.uuid4())}


def validate(client, headers, **body):
    response = client.post(URL, headers=headers, json={k: b64(v) if isinstance(v, bytes) else v
                                                       for k, v in body.items()})
    assert response.status_code == 200, response.json
    return response.json


def test_a_pades_signature_by_an_accepted_qualified_signer_passes(identity_client, accepted, user):
    report = validate(identity_client, user, document=test_pki.pades_sign(test_pki.small_pdf(), accepted.signer))
    assert (report["format"], report["indication"], report["sub_indication"]) == ("PAdES", "TOTAL-PASSED", None)
    assert report["signer"]["name"] == "Marie Curie"
    assert report["signer"]["subject_serial_number"] == "IDCFR-12345678"
    assert report["signer"]["organisation_identifier"] == "VATFR-12345678901"
    assert report["qualified"] is True and "qc_compliance" in report["qc_statements"]
    assert report["signing_time"] is not None
    assert [link["fingerprint"] for link in report["chain"]][0] == accepted.signer.fingerprint
    assert report["accepted_authority"]["label"] in ("Test root", "Test qualified CA")


def test_a_pdf_changed_after_signing_fails_with_a_hash_failure(identity_client, accepted, user):
    signed = test_pki.pades_sign(test_pki.small_pdf("Price 1000"), accepted.signer)
    report = validate(identity_client, user, document=signed.replace(b"Price 1000", b"Price 9000"))
    assert (report["indication"], report["sub_indication"]) == ("TOTAL-FAILED", "HASH_FAILURE")


def test_a_signer_from_an_authority_not_on_the_list_is_indeterminate(identity_client, accepted, user):
    report = validate(identity_client, user, document=test_pki.pades_sign(test_pki.small_pdf(),
                                                                          accepted.unknown_signer))
    assert (report["indication"], report["sub_indication"]) == ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND")
    assert report["accepted_authority"] is None and report["reasons"]


def test_a_revoked_signer_is_indeterminate_revoked_without_proof_of_earlier_existence(
        identity_client, accepted, user):
    report = validate(identity_client, user, document=test_pki.pades_sign(test_pki.small_pdf(),
                                                                          accepted.revoked_signer))
    assert (report["indication"], report["sub_indication"]) == ("INDETERMINATE", "REVOKED_NO_POE")
    assert report["revoked_at"] is not None


def test_an_expired_signer_is_indeterminate_out_of_bounds_without_proof_of_existence(
        identity_client, accepted, user):
    report = validate(identity_client, user, document=test_pki.pades_sign(test_pki.small_pdf(),
                                                                          accepted.expired_signer))
    assert (report["indication"], report["sub_indication"]) == ("INDETERMINATE", "OUT_OF_BOUNDS_NO_POE")


def test_a_detached_cades_signature_passes_with_the_signed_file(identity_client, accepted, user):
    data = b"%PDF-1.7 tender documents"
    report = validate(identity_client, user, signature=test_pki.cades_sign(data, accepted.signer), signed_file=data)
    assert (report["format"], report["indication"]) == ("CAdES", "TOTAL-PASSED")


def test_a_detached_cades_signature_passes_with_the_sha256_of_the_signed_file(identity_client, accepted, user):
    data = b"bid archive"
    report = validate(identity_client, user, signature=test_pki.cades_sign(data, accepted.signer),
                      signed_file_sha256=hashlib.sha256(data).hexdigest())
    assert report["indication"] == "TOTAL-PASSED"


def test_a_detached_cades_signature_over_another_file_fails_with_a_hash_failure(identity_client, accepted, user):
    report = validate(identity_client, user, signature=test_pki.cades_sign(b"original", accepted.signer),
                      signed_file=b"modified")
    assert (report["indication"], report["sub_indication"]) == ("TOTAL-FAILED", "HASH_FAILURE")


def test_a_cades_signature_sent_as_multipart_files_is_validated(identity_client, accepted, user):
    data = b"multipart bid"
    response = identity_client.post(URL, headers=user, content_type="multipart/form-data", data={
        "signature": (io.BytesIO(test_pki.cades_sign(data, accepted.revoked_signer)), "bid.p7s"),
        "signed_file": (io.BytesIO(data), "bid.bin")})
    assert response.status_code == 200, response.json
    assert response.json["sub_indication"] == "REVOKED_NO_POE"


def test_a_xades_document_by_an_accepted_signer_passes(identity_client, accepted, user):
    report = validate(identity_client, user, document=test_pki.xades_sign(BID, accepted.signer))
    assert (report["format"], report["indication"], report["qualified"]) == ("XAdES", "TOTAL-PASSED", True)
    assert report["signing_time"] is not None and len(report["chain"]) >= 2


def test_a_xades_document_changed_after_signing_fails_with_a_hash_failure(identity_client, accepted, user):
    signed = test_pki.xades_sign(BID, accepted.signer).replace(b"1250.00", b"9250.00")
    report = validate(identity_client, user, document=signed)
    assert (report["indication"], report["sub_indication"]) == ("TOTAL-FAILED", "HASH_FAILURE")


@pytest.mark.parametrize("who, expected", [
    ("unknown_signer", ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND")),
    ("revoked_signer", ("INDETERMINATE", "REVOKED_NO_POE")),
    ("expired_signer", ("INDETERMINATE", "OUT_OF_BOUNDS_NO_POE")),
])
def test_a_xades_signer_that_is_not_trusted_now_is_reported_as_the_standard_says(
        identity_client, accepted, user, who, expected):
    report = validate(identity_client, user, document=test_pki.xades_sign(BID, getattr(accepted, who)))
    assert (report["indication"], report["sub_indication"]) == expected


def test_a_disabled_authority_no_longer_validates_signatures(identity_client, mint, user):
    own = test_pki.make_test_pki()
    admin = {"Authorization": mint(roles=["platform-admin"], organisation=uuid.uuid4())}
    assert identity_client.post("/v1/identity/authorities", headers=admin, json={
        "certificate": b64(own.root.der), "country": "IT", "label": "Soon disabled"}).status_code == 201
    signed = test_pki.pades_sign(test_pki.small_pdf(), own.signer)
    assert validate(identity_client, user, document=signed)["indication"] == "TOTAL-PASSED"
    assert identity_client.patch(f"/v1/identity/authorities/{own.root.fingerprint}", headers=admin,
                                 json={"enabled": False}).status_code == 200
    report = validate(identity_client, user, document=signed)
    assert (report["sub_indication"], report["accepted_authority"]) == ("NO_CERTIFICATE_CHAIN_FOUND", None)


def test_validation_needs_a_token(identity_client, accepted):
    response = identity_client.post(URL, json={"document": b64(b"%PDF-1.7")})
    assert response.status_code == 401


@pytest.mark.parametrize("body, field", [
    ({"document": "not base64 at all!"}, "document"),
    ({"document": b64(b"%PDF-1.7\nthis is not really a pdf")}, "document"),
    ({"document": b64(b"plain text, no format")}, "document"),
    ({"document": b64(b"<Bid>no signature</Bid>")}, "document"),
    ({"document": b64(b"<Bid><unclosed></Bid>")}, "document"),
    ({"document": b64(b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>')}, "document"),
    ({"signature": b64(b"garbage"), "signed_file": b64(b"x")}, "signature"),
    ({"signature": b64(b"garbage")}, "signed_file"),
    ({"signed_file_sha256": "abc"}, "signed_file_sha256"),
    ({}, "document"),
])
def test_bad_input_is_a_422_problem(identity_client, user, body, field):
    response = identity_client.post(URL, headers=user, json=body)
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    assert field in response.json["errors"]


def test_an_oversized_document_is_refused_before_validation(identity_app, identity_client, user, monkeypatch):
    settings = identity_app.extensions["procure.identity"].settings
    monkeypatch.setattr(type(settings), "signature_max_bytes", 2048, raising=False)
    response = identity_client.post(URL, headers=user, json={"document": b64(b"%PDF-" + b"0" * 4096)})
    assert response.status_code in (413, 422)
    assert response.mimetype == "application/problem+json"
