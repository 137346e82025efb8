"""The end of a procedure, as notices tells it, archives the notice's documents."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.documents.adapters.archive import ManifestSigner
from services.documents.consumers.notices import procedure_ended
from services.documents.domain.archive import ArchivedObject

pytestmark = pytest.mark.unit

NOW = datetime(2025, 3, 1, tzinfo=timezone.utc)
NOTICE = uuid.uuid4()
DOCUMENTS = [("tender/rules.pdf", "v1", 5, "ab" * 32)]


SIGNER = ManifestSigner(Ed25519PrivateKey.generate())


class FakeArchive:
    """The archive's port without S3 (its S3 side is tested against the real server)."""

    retention = timedelta(days=10)

    def __init__(self):
        self.retained, self.manifests = [], {}

    def has_manifest(self, notice_id):
        return notice_id in self.manifests

    def retain(self, document, key, retain_until):
        self.retained.append(document.key)
        return ArchivedObject(key, "a1", document.size, document.sha256, document.key, document.version)

    def store_manifest(self, notice_id, manifest, signature, retain_until):
        self.manifests[notice_id] = manifest


@pytest.fixture
def archive():
    return FakeArchive()


class Lister:
    def __init__(self):
        self.asked = []

    def __call__(self, notice_id, with_bid_files):
        self.asked.append((notice_id, with_bid_files))
        return iter(DOCUMENTS)


@pytest.mark.parametrize("event_type, data, with_bid_files", [
    ("notice.awarded", {"id": str(NOTICE)}, True),
    ("notice.unsuccessful", {"id": str(NOTICE)}, True),
    ("notice.cancelled", {"id": str(NOTICE), "previous_status": "opened"}, True),
    ("notice.cancelled", {"id": str(NOTICE), "previous_status": "published"}, False),
    ("notice.cancelled", {"id": str(NOTICE), "previous_status": "submission-closed"}, False),
])
def test_an_ended_procedure_is_archived_with_bid_files_only_once_opened(archive, event_type, data,
                                                                        with_bid_files):
    lister = Lister()
    manifest = procedure_ended(event_type, data, lister, archive, SIGNER, NOW)
    assert lister.asked == [(NOTICE, with_bid_files)]
    assert archive.retained == ["tender/rules.pdf"] and NOTICE in archive.manifests
    assert (manifest.notice_id, manifest.retain_until) == (NOTICE, NOW + timedelta(days=10))


@pytest.mark.parametrize("event_type, data", [
    ("notice.published", {"id": str(NOTICE)}),
    ("notice.awarded", {}),
    ("notice.awarded", {"id": "not-a-uuid"}),
])
def test_other_events_and_events_naming_no_notice_archive_nothing(archive, event_type, data):
    lister = Lister()
    assert procedure_ended(event_type, data, lister, archive, SIGNER, NOW) is None
    assert lister.asked == [] and archive.retained == [] and not archive.manifests
