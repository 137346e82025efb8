"""The archive on the real S3 server: object lock in COMPLIANCE mode and the signed manifest."""
from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from procure.errors import Conflict, Forbidden
from procure.storage import COMPLIANCE, GOVERNANCE, ObjectStorage
from services.documents.adapters.archive import Archive, ManifestSigner
from services.documents.domain.archive import (
    ManifestInvalid,
    manifest_key,
    signature_key,
    verify_manifest,
)
from services.documents.service.archive import archive_notice

pytestmark = pytest.mark.integration

RUN = uuid.uuid4().hex[:8]
SOURCE, BUCKET = f"documents-{RUN}", f"archive-{RUN}"
FILES = {"tender/rules.pdf": b"%PDF-1.7 rules of the tender", "tender/annex.txt": "annexe é".encode()}


@pytest.fixture(scope="module")
def storage(s3_server) -> ObjectStorage:
    storage = ObjectStorage(s3_server.endpoint, s3_server.access_key, s3_server.secret_key, secure=False)
    storage.ensure_bucket(SOURCE, versioning=True)
    return storage


@pytest.fixture(scope="module")
def archive(storage) -> Archive:
    archive = Archive(storage, bucket=BUCKET, source_bucket=SOURCE, retention=timedelta(days=1))
    archive.ensure_bucket()
    return archive


@pytest.fixture(scope="module")
def signer() -> ManifestSigner:
    return ManifestSigner(Ed25519PrivateKey.generate())


@pytest.fixture(scope="module")
def archived(storage, archive, signer):
    """A notice whose two documents were archived; a later version of one stays out of it."""
    documents = []
    for key, data in FILES.items():
        put = storage.put_bytes(SOURCE, key, data)
        documents.append((key, put.version_id, len(data), hashlib.sha256(data).hexdigest()))
    storage.put_bytes(SOURCE, "tender/rules.pdf", b"a later version, not the one archived")
    notice_id = uuid.uuid4()
    now = datetime.now(timezone.utc)
    manifest = archive_notice(notice_id, documents, archive, signer, now)
    return notice_id, manifest


def test_archiving_copies_each_version_under_compliance_retention(storage, archived):
    _, manifest = archived
    assert [item.source_key for item in manifest.objects] == list(FILES)
    assert manifest.retain_until > datetime.now(timezone.utc) + timedelta(hours=23)
    for item in manifest.objects:
        assert storage.get_bytes(BUCKET, item.key, version_id=item.version) == FILES[item.source_key]
        retention = storage.retention(BUCKET, item.key, version_id=item.version)
        assert (retention.mode, retention.retain_until) == (COMPLIANCE, manifest.retain_until)


def test_the_manifests_sha256_values_match_the_archived_bytes(storage, archived):
    _, manifest = archived
    for item in manifest.objects:
        data = storage.get_bytes(BUCKET, item.key, version_id=item.version)
        assert (item.size, item.sha256) == (len(data), hashlib.sha256(data).hexdigest())


def test_deleting_an_archived_version_fails(storage, archived):
    item = archived[1].objects[0]
    with pytest.raises(Forbidden):
        storage.remove(BUCKET, item.key, version_id=item.version)
    assert storage.get_bytes(BUCKET, item.key, version_id=item.version) == FILES[item.source_key]


def test_overwriting_an_archived_object_keeps_the_archived_version_unchanged_and_locked(storage, archived):
    item = archived[1].objects[0]
    replaced = storage.put_bytes(BUCKET, item.key, b"forged content")
    assert replaced.version_id != item.version
    assert storage.get_bytes(BUCKET, item.key, version_id=item.version) == FILES[item.source_key]
    with pytest.raises(Forbidden):
        storage.remove(BUCKET, item.key, version_id=item.version)


def test_a_delete_without_version_only_hides_the_archived_version(storage, archived):
    item = archived[1].objects[1]
    storage.remove(BUCKET, item.key)
    assert storage.get_bytes(BUCKET, item.key, version_id=item.version) == FILES[item.source_key]


def test_the_retention_can_be_neither_shortened_nor_turned_into_governance(storage, archived):
    item = archived[1].objects[0]
    until = archived[1].retain_until
    with pytest.raises(Forbidden):
        storage.set_retention(BUCKET, item.key, until - timedelta(hours=12), version_id=item.version)
    with pytest.raises(Forbidden):
        storage.set_retention(BUCKET, item.key, until, mode=GOVERNANCE, version_id=item.version)
    retention = storage.retention(BUCKET, item.key, version_id=item.version)
    assert (retention.mode, retention.retain_until) == (COMPLIANCE, until)


def test_the_stored_manifest_verifies_and_is_locked_too(storage, archive, archived, signer):
    notice_id, manifest = archived
    assert archive.manifest(notice_id, {signer.key_id: signer.public_key}) == manifest
    for key in (manifest_key(notice_id), signature_key(notice_id)):
        found = storage.stat(BUCKET, key)
        assert storage.retention(BUCKET, key, version_id=found.version_id).mode == COMPLIANCE
        with pytest.raises(Forbidden):
            storage.remove(BUCKET, key, version_id=found.version_id)


def test_a_tampered_stored_manifest_does_not_verify(storage, archived, signer):
    notice_id, _ = archived
    content = json.loads(storage.get_bytes(BUCKET, manifest_key(notice_id)))
    content["objects"][0]["sha256"] = "0" * 64
    tampered = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    signature = storage.get_bytes(BUCKET, signature_key(notice_id))
    with pytest.raises(ManifestInvalid):
        verify_manifest(tampered, signature, {signer.key_id: signer.public_key})


def test_archiving_a_notice_twice_adds_nothing(storage, archive, archived, signer):
    notice_id, manifest = archived
    key = manifest.objects[0].source_key
    assert archive_notice(notice_id, [(key, None, 1, "0" * 64)], archive, signer,
                          datetime.now(timezone.utc)) is None
    assert archive.manifest(notice_id, {signer.key_id: signer.public_key}) == manifest


def test_a_bucket_without_object_lock_is_not_taken_for_the_archive(storage):
    with pytest.raises(Conflict):
        Archive(storage, bucket=SOURCE, source_bucket=SOURCE, retention=timedelta(days=1)).ensure_bucket()
