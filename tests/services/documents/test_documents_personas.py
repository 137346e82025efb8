"""Who may call each documents route: every persona, each cell an explicit allow or deny."""
from __future__ import annotations

import hashlib
import uuid

import pytest
import urllib3

from tests.services.documents.test_documents_uploads import PDF

pytestmark = pytest.mark.integration

BUYER, SUPPLIER, OTHER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
PERSONAS = {
    "anonymous": None,
    "supplier agent": (SUPPLIER, "supplier-agent"),
    "supplier admin": (SUPPLIER, "supplier-admin"),
    "buyer agent": (BUYER, "buyer-agent"),
    "buyer admin": (BUYER, "buyer-admin"),
    "opening committee": (BUYER, "opening-committee"),
    "platform admin": (uuid.uuid4(), "platform-admin"),
    "auditor": (uuid.uuid4(), "auditor"),
    "other organisation": (OTHER, "buyer-admin"),
}
http = urllib3.PoolManager()


def headers_of(issuer, persona):
    if PERSONAS[persona] is None:
        return {}
    organisation, role = PERSONAS[persona]
    return {"Authorization": f"Bearer {issuer.token(organisation=organisation, roles=(role,))}"}


def body(kind, owner_type, owner_id):
    return {"owner": {"type": owner_type, "id": str(owner_id)}, "kind": kind, "file_name": "a.pdf",
            "content_type": "application/pdf", "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}


def available(client, issuer, persona, kind, owner_type, owner_id):
    headers = headers_of(issuer, persona)
    declared = client.post("/v1/documents", headers=headers, json=body(kind, owner_type, owner_id)).json
    http.request("PUT", declared["upload"]["url"], body=PDF)
    assert client.post(f"/v1/documents/{declared['id']}/complete", headers=headers, json={}).status_code == 200
    return declared["id"]


@pytest.fixture(scope="module")
def tender_document(documents_app, issuer):
    return available(documents_app.test_client(), issuer, "buyer agent", "tender-document", "notice", uuid.uuid4())


@pytest.fixture(scope="module")
def bid_file(documents_app, issuer):
    return available(documents_app.test_client(), issuer, "supplier agent", "bid-file", "bid", uuid.uuid4())


UPLOAD_TENDER = {"anonymous": 401, "supplier agent": 403, "supplier admin": 403, "buyer agent": 201,
                 "buyer admin": 201, "opening committee": 403, "platform admin": 403, "auditor": 403,
                 "other organisation": 201}
UPLOAD_BID = {"anonymous": 401, "supplier agent": 201, "supplier admin": 201, "buyer agent": 403,
              "buyer admin": 403, "opening committee": 403, "platform admin": 403, "auditor": 403,
              "other organisation": 403}
READ_TENDER = {"anonymous": 404, "supplier agent": 302, "supplier admin": 302, "buyer agent": 302,
               "buyer admin": 302, "opening committee": 302, "platform admin": 302, "auditor": 302,
               "other organisation": 302}
READ_BID = {"anonymous": 404, "supplier agent": 302, "supplier admin": 302, "buyer agent": 404,
            "buyer admin": 404, "opening committee": 404, "platform admin": 404, "auditor": 404,
            "other organisation": 404}
CHANGE_TENDER = {"anonymous": 401, "supplier agent": 404, "supplier admin": 404, "buyer agent": 200,
                 "buyer admin": 200, "opening committee": 404, "platform admin": 404, "auditor": 404,
                 "other organisation": 404}


@pytest.mark.parametrize("persona, status", UPLOAD_TENDER.items())
def test_who_may_declare_a_tender_document(documents_client, issuer, persona, status):
    response = documents_client.post("/v1/documents", headers=headers_of(issuer, persona),
                                     json=body("tender-document", "notice", uuid.uuid4()))
    assert response.status_code == status


@pytest.mark.parametrize("persona, status", UPLOAD_BID.items())
def test_who_may_declare_a_bid_file(documents_client, issuer, persona, status):
    response = documents_client.post("/v1/documents", headers=headers_of(issuer, persona),
                                     json=body("bid-file", "bid", uuid.uuid4()))
    assert response.status_code == status


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_owning_supplier_uploads_to_its_vault(documents_client, issuer, persona):
    response = documents_client.post("/v1/documents", headers=headers_of(issuer, persona),
                                     json=body("vault-document", "vault", SUPPLIER))
    assert response.status_code == {"anonymous": 401, "supplier agent": 201, "supplier admin": 201}.get(persona, 403)


@pytest.mark.parametrize("persona, status", READ_TENDER.items())
def test_who_may_download_a_tender_document(documents_client, issuer, tender_document, persona, status):
    response = documents_client.get(f"/v1/documents/{tender_document}/content", headers=headers_of(issuer, persona))
    assert response.status_code == status


@pytest.mark.parametrize("persona, status", READ_BID.items())
def test_who_may_download_a_bid_file(documents_client, issuer, bid_file, persona, status):
    response = documents_client.get(f"/v1/documents/{bid_file}/content", headers=headers_of(issuer, persona))
    assert response.status_code == status


@pytest.mark.parametrize("persona, status", CHANGE_TENDER.items())
def test_who_may_complete_version_or_open_a_tender_document(documents_client, issuer, tender_document, persona,
                                                            status):
    headers = headers_of(issuer, persona)
    patched = documents_client.patch(f"/v1/documents/{tender_document}", headers=headers,
                                     json={"anonymous_download": False})
    versioned = documents_client.post(f"/v1/documents/{tender_document}/versions", headers=headers, json={
        "file_name": "b.pdf", "content_type": "application/pdf", "size": 10, "sha256": "a" * 64})
    assert (patched.status_code, versioned.status_code) == (status, 201 if status == 200 else status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_read_a_bid_file_metadata(documents_client, issuer, bid_file, persona):
    response = documents_client.get(f"/v1/documents/{bid_file}", headers=headers_of(issuer, persona))
    expected = 401 if persona == "anonymous" else 200 if persona.startswith("supplier") else 404
    assert response.status_code == expected


def test_an_anonymous_caller_downloads_a_tender_document_the_buyer_opened(documents_client, issuer):
    document = available(documents_client, issuer, "buyer agent", "tender-document", "notice", uuid.uuid4())
    url = f"/v1/documents/{document}/content"
    assert documents_client.get(url).status_code == 404
    documents_client.patch(f"/v1/documents/{document}", headers=headers_of(issuer, "buyer admin"),
                           json={"anonymous_download": True})
    assert documents_client.get(url).status_code == 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_a_bid_file_in_its_bid_listing(documents_client, issuer, persona):
    owner = uuid.uuid4()
    document = available(documents_client, issuer, "supplier admin", "bid-file", "bid", owner)
    response = documents_client.get(f"/v1/documents?owner_type=bid&owner_id={owner}",
                                    headers=headers_of(issuer, persona))
    if persona == "anonymous":
        assert response.status_code == 401
    else:
        listed = [item["id"] for item in response.json["items"]]
        assert listed == ([document] if persona.startswith("supplier") else [])
