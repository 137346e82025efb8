"""Presigned uploads and downloads against the real S3 server, checked on completion, registered on download."""
from __future__ import annotations

import hashlib
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
import urllib3

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"x" * 2000
BUYER = uuid.uuid4()
http = urllib3.PoolManager()


def bearer(issuer, organisation=BUYER, roles=("buyer-agent",), subject="agent-1"):
    return {"Authorization": f"Bearer {issuer.token(organisation=organisation, roles=roles, subject=subject)}"}


def declare(client, headers, data=PDF, *, kind="tender-document", owner=None, name="Cahier des charges é.pdf",
            content_type="application/pdf", size=None, sha256=None, **extra):
    owner = owner or {"type": "notice", "id": str(uuid.uuid4())}
    return client.post("/v1/documents", headers=headers, json={
        "owner": owner, "kind": kind, "file_name": name, "content_type": content_type,
        "size": len(data) if size is None else size, "sha256": sha256 or hashlib.sha256(data).hexdigest(), **extra})


def uploaded(client, headers, data=PDF, **kwargs):
    declared = declare(client, headers, data, **kwargs)
    assert declared.status_code == 201, declared.json
    assert http.request("PUT", declared.json["upload"]["url"], body=data).status == 200
    return declared.json


def outbox(app, routing_key):
    engine = app.extensions["procure.documents"].context.engine
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT body FROM outbox WHERE routing_key = :key"),
                                  {"key": routing_key}).scalars().all()


def stored(app, key):
    objects = app.extensions["procure.documents"].objects
    try:
        objects.storage.stat(objects.bucket, key)
        return True
    except Exception:
        return False


def test_a_presigned_upload_completes_and_downloads_with_its_name(documents_client, documents_app, issuer):
    headers = bearer(issuer)
    document = uploaded(documents_client, headers)
    completed = documents_client.post(f"/v1/documents/{document['id']}/complete", headers=headers, json={})
    assert completed.status_code == 200, completed.json
    assert completed.json["status"] == "available" and completed.json["content_type"] == "application/pdf"
    redirect = documents_client.get(f"/v1/documents/{document['id']}/content", headers=headers)
    assert redirect.status_code == 302
    fetched = http.request("GET", redirect.headers["Location"])
    assert fetched.status == 200 and fetched.data == PDF
    assert "filename*=UTF-8''Cahier%20des%20charges%20%C3%A9.pdf" in fetched.headers["Content-Disposition"]
    assert any(document["id"].encode() in body for body in outbox(documents_app, "document.uploaded"))


def test_a_download_is_registered_with_who_and_emitted(documents_client, documents_app, issuer):
    document = uploaded(documents_client, bearer(issuer))
    documents_client.post(f"/v1/documents/{document['id']}/complete", headers=bearer(issuer), json={})
    reader = uuid.uuid4()
    documents_client.get(f"/v1/documents/{document['id']}/content",
                         headers=bearer(issuer, reader, ("supplier-agent",), "supplier-7"))
    engine = documents_app.extensions["procure.documents"].context.engine
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT version, user_subject, organisation FROM document_downloads "
                                          "WHERE document_id = :id"), {"id": document["id"]}).all()
    assert rows == [(1, "supplier-7", reader)]
    assert any(document["id"].encode() in body and b"supplier-7" in body
               for body in outbox(documents_app, "document.downloaded"))


@pytest.mark.parametrize("change, field", [({"sha256": "0" * 64}, "sha256"), ({"size": len(PDF) + 1}, "size")])
def test_a_mismatch_on_completion_is_refused_and_the_object_deleted(documents_client, documents_app, issuer,
                                                                     change, field):
    headers = bearer(issuer)
    declared = declare(documents_client, headers, **change)
    http.request("PUT", declared.json["upload"]["url"], body=PDF)
    completed = documents_client.post(f"/v1/documents/{declared.json['id']}/complete", headers=headers, json={})
    assert completed.status_code == 422 and field in completed.json["errors"]
    assert not stored(documents_app, f"{declared.json['id']}/1")


def test_a_file_whose_bytes_are_not_an_allowed_type_is_refused(documents_client, issuer):
    headers, data = bearer(issuer), b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 8
    declared = declare(documents_client, headers, data)
    http.request("PUT", declared.json["upload"]["url"], body=data)
    completed = documents_client.post(f"/v1/documents/{declared.json['id']}/complete", headers=headers, json={})
    assert completed.status_code == 422 and "content_type" in completed.json["errors"]


def test_a_declared_size_above_the_kind_limit_is_413(documents_client, issuer):
    assert declare(documents_client, bearer(issuer), size=10 ** 12).status_code == 413


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b.pdf", "bad\x00name.pdf", "x" * 300 + ".pdf"])
def test_unsafe_file_names_are_refused(documents_client, issuer, name):
    response = declare(documents_client, bearer(issuer), name=name)
    assert response.status_code == 422 and "file_name" in response.json["errors"]


def test_a_multipart_upload_with_a_missing_part_is_refused(documents_client, issuer):
    headers, data = bearer(issuer), PDF + b"y" * (11 * 1024 * 1024)
    declared = declare(documents_client, headers, data)
    upload = declared.json["upload"]
    assert upload["method"] == "multipart" and len(upload["parts"]) == 3
    size = upload["part_size"]
    etags = [http.request("PUT", part["url"], body=data[i * size:(i + 1) * size]).headers["ETag"]
             for i, part in enumerate(upload["parts"][:2])]
    parts = [{"number": n, "etag": etag} for n, etag in enumerate(etags, start=1)]
    refused = documents_client.post(f"/v1/documents/{declared.json['id']}/complete", headers=headers,
                                    json={"parts": parts})
    assert refused.status_code == 422 and "parts" in refused.json["errors"]
    invented = documents_client.post(f"/v1/documents/{declared.json['id']}/complete", headers=headers,
                                     json={"parts": [*parts, {"number": 3, "etag": '"' + "0" * 32 + '"'}]})
    assert invented.status_code == 422


def test_a_complete_multipart_upload_is_accepted(documents_client, issuer):
    headers, data = bearer(issuer), PDF + b"y" * (11 * 1024 * 1024)
    upload = declare(documents_client, headers, data).json
    size = upload["upload"]["part_size"]
    parts = [{"number": part["number"],
              "etag": http.request("PUT", part["url"], body=data[(part["number"] - 1) * size:
                                                                   part["number"] * size]).headers["ETag"]}
             for part in upload["upload"]["parts"]]
    completed = documents_client.post(f"/v1/documents/{upload['id']}/complete", headers=headers,
                                      json={"parts": parts})
    assert completed.status_code == 200, completed.json
    assert completed.json["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_tampered_download_url_is_refused(documents_client, issuer):
    document = uploaded(documents_client, bearer(issuer))
    documents_client.post(f"/v1/documents/{document['id']}/complete", headers=bearer(issuer), json={})
    url = documents_client.get(f"/v1/documents/{document['id']}/content", headers=bearer(issuer)).headers["Location"]
    signature = parse_qs(urlsplit(url).query)["X-Amz-Signature"][0]
    tampered = url.replace(signature, ("0" if signature[0] != "0" else "1") + signature[1:])
    assert http.request("GET", tampered).status == 403


def test_an_expired_upload_url_is_refused(documents_settings, issuer):
    from opentelemetry.sdk.trace import TracerProvider

    from services.documents.app import create_app
    app = create_app(documents_settings.model_copy(update={"upload_url_seconds": 1}),
                     tracer_provider=TracerProvider(), verifier=issuer.verifier())
    declared = declare(app.test_client(), bearer(issuer))
    time.sleep(2.5)
    assert http.request("PUT", declared.json["upload"]["url"], body=PDF).status == 403


def test_a_new_version_keeps_the_earlier_one_and_is_emitted(documents_client, documents_app, issuer):
    headers, owner = bearer(issuer), {"type": "notice", "id": str(uuid.uuid4())}
    first = uploaded(documents_client, headers, owner=owner)
    documents_client.post(f"/v1/documents/{first['id']}/complete", headers=headers, json={})
    second_bytes = PDF + b"amended"
    declared = documents_client.post(f"/v1/documents/{first['id']}/versions", headers=headers, json={
        "file_name": "v2.pdf", "content_type": "application/pdf", "size": len(second_bytes),
        "sha256": hashlib.sha256(second_bytes).hexdigest()})
    assert declared.status_code == 201 and declared.json["version"] == 2
    http.request("PUT", declared.json["upload"]["url"], body=second_bytes)
    assert documents_client.post(f"/v1/documents/{first['id']}/complete", headers=headers, json={}).status_code == 200
    query = f"/v1/documents?owner_type=notice&owner_id={owner['id']}"
    assert [item["version"] for item in documents_client.get(query, headers=headers).json["items"]] == [2]
    history = documents_client.get(query + "&history=true&limit=1", headers=headers).json
    following = documents_client.get(query + f"&history=true&limit=1&cursor={history['next_cursor']}",
                                     headers=headers).json
    assert [item["version"] for item in history["items"] + following["items"]] == [2, 1]
    assert any(first["id"].encode() in body for body in outbox(documents_app, "document.versioned"))
    old = documents_client.get(f"/v1/documents/{first['id']}/content?version=1", headers=headers)
    assert http.request("GET", old.headers["Location"]).data == PDF


def test_the_sweeper_expires_unfinished_uploads_and_removes_their_objects(documents_app, documents_client, issuer):
    from datetime import datetime, timedelta, timezone

    from services.documents.service.sweeper import UploadSweeper
    declared = uploaded(documents_client, bearer(issuer))
    wiring = documents_app.extensions["procure.documents"]
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    UploadSweeper(wiring.unit_of_work, wiring.objects, lambda: later, batch_size=1000).sweep()
    assert not stored(documents_app, f"{declared['id']}/1")
    completed = documents_client.post(f"/v1/documents/{declared['id']}/complete", headers=bearer(issuer), json={})
    assert completed.status_code == 409
