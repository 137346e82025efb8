"""Archiving a notice's documents once its procedure has ended (awarded, cancelled, unsuccessful)."""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from services.documents.adapters.archive import Archive
from services.documents.domain.archive import (
    DocumentToArchive,
    Manifest,
    Signer,
    check_documents,
    manifest_bytes,
    object_key,
    signature_document,
)


def archive_notice(notice_id: uuid.UUID, documents: Iterable[tuple[str, str | None, int, str]],
                   storage: Archive, signer: Signer, now: datetime) -> Manifest | None:
    """Copies each (key, version, size, sha256) to the archive locked until now + the retention, then
    stores the signed manifest of what was copied. None when the notice was already archived: the
    event that asks for it may come twice, and a second copy would only add locked versions.
    """
    if storage.has_manifest(notice_id):
        return None
    wanted = [DocumentToArchive(*document) for document in documents]
    check_documents(wanted)
    # S3 keeps retention dates to the second; the manifest says the same date as the objects.
    retain_until = (now + storage.retention).replace(microsecond=0)
    archived = tuple(storage.retain(document, object_key(notice_id, document.key), retain_until)
                     for document in wanted)
    manifest = Manifest(notice_id, now.replace(microsecond=0), retain_until, archived)
    content = manifest_bytes(manifest)
    storage.store_manifest(notice_id, content, signature_document(signer, content), retain_until)
    return manifest
