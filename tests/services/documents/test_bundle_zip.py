"""The zip bundle streamed from real S3 objects opens, and matches its manifest."""
from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import uuid
import zipfile

import pytest

from procure.storage import ObjectStorage
from services.documents.adapters.bundle import zip_bundle
from services.documents.domain.bundle import BundleEntry, BundleIntegrityError

pytestmark = pytest.mark.integration

CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def storage(s3_server) -> ObjectStorage:
    return ObjectStorage(s3_server.endpoint, s3_server.access_key, s3_server.secret_key, secure=False)


@pytest.fixture(scope="module")
def bucket(storage) -> str:
    name = f"bundle-{uuid.uuid4().hex[:12]}"
    storage.ensure_bucket(name, versioning=True)
    return name


def stored(storage: ObjectStorage, bucket: str, name: str, data: bytes, version: int = 1) -> BundleEntry:
    key = f"notices/n-1/{uuid.uuid4()}"
    storage.put_bytes(bucket, key, data)
    chunks = functools.partial(storage.stream, bucket, key, chunk_size=CHUNK)
    return BundleEntry(name, version, len(data), hashlib.sha256(data).hexdigest(), chunks, document_id=key)


def test_a_bundle_streamed_from_storage_opens_with_every_entry_and_a_manifest_that_matches(storage, bucket):
    contents = {"Règlement de consultation.pdf": os.urandom(3 * CHUNK + 17), "CCTP.docx": os.urandom(1000),
                "cctp.docx": b"another document, same name but for the case", "vide.txt": b""}
    entries = [stored(storage, bucket, name, data, version=index + 1)
               for index, (name, data) in enumerate(contents.items())]
    bundle = zip_bundle(entries)
    archive = b"".join(bundle)

    assert len(archive) == bundle.size
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.testzip() is None
        assert opened.namelist() == ["manifest.json", "Règlement de consultation.pdf", "CCTP.docx",
                                     "cctp (2).docx", "vide.txt"]
        assert all(info.compress_type == zipfile.ZIP_STORED for info in opened.infolist())
        files = json.loads(opened.read("manifest.json"))["files"]
        for described, entry, data in zip(files, entries, contents.values(), strict=True):
            member = opened.read(described["path"])
            assert member == data
            assert described == {"path": described["path"], "name": entry.name, "version": entry.version,
                                 "size": len(data), "sha256": hashlib.sha256(member).hexdigest(),
                                 "document_id": entry.document_id}


def test_a_stored_object_that_no_longer_matches_its_sha256_stops_the_stream(storage, bucket):
    genuine = stored(storage, bucket, "avis.pdf", b"the bytes that were checked at upload")
    tampered = BundleEntry(genuine.name, 1, genuine.size, hashlib.sha256(b"something else").hexdigest(),
                           genuine.chunks)
    with pytest.raises(BundleIntegrityError):
        b"".join(zip_bundle([tampered]))
