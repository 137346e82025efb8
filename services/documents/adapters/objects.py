"""The bytes of documents on S3, reached through the kit's ObjectStorage."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

import magic

from procure.errors import InvalidInput, NotFound
from procure.storage import ObjectStorage
from services.documents.domain.document import Observed
from services.documents.domain.filenames import content_disposition

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class UploadTarget:
    url: str | None = None
    upload_id: str | None = None
    part_urls: tuple[str, ...] = ()


class DocumentObjects:
    """One bucket of document objects; every URL it hands out is presigned and short-lived."""

    def __init__(self, storage: ObjectStorage, bucket: str):
        self.storage = storage
        self.bucket = bucket

    def upload_target(self, key: str, *, content_type: str, parts: int, expires: timedelta) -> UploadTarget:
        """A presigned PUT, or with `parts` > 1 a multipart upload with one presigned URL per part."""
        if parts <= 1:
            return UploadTarget(url=self.storage.presigned_put(self.bucket, key, expires))
        upload_id = self.storage.start_multipart(self.bucket, key, content_type=content_type)
        urls = tuple(self.storage.presigned_part(self.bucket, key, upload_id, number, expires)
                     for number in range(1, parts + 1))
        return UploadTarget(upload_id=upload_id, part_urls=urls)

    def complete_multipart(self, key: str, upload_id: str, parts: list[tuple[int, str]]) -> None:
        self.storage.complete_multipart(self.bucket, key, upload_id, parts)

    def observe(self, key: str) -> Observed:
        """Size, SHA-256 and sniffed type of the stored object, read as a stream."""
        size = self.storage.stat(self.bucket, key).size
        digest, head = hashlib.sha256(), b""
        for chunk in self.storage.stream(self.bucket, key):
            if len(head) < SNIFF_BYTES:
                head += chunk[:SNIFF_BYTES - len(head)]
            digest.update(chunk)
        return Observed(size=size, sha256=digest.hexdigest(), sniffed_type=magic.from_buffer(head, mime=True))

    def discard(self, key: str, upload_id: str | None = None) -> None:
        """Removes the object and, for an unfinished multipart upload, its parts; missing ones are fine."""
        if upload_id:
            _quietly(self.storage.abort_multipart, self.bucket, key, upload_id)
        _quietly(self.storage.remove, self.bucket, key)

    def download_url(self, key: str, *, file_name: str, content_type: str, expires: timedelta) -> str:
        return self.storage.presigned_get(self.bucket, key, expires, response_headers={
            "response-content-disposition": content_disposition(file_name),
            "response-content-type": content_type})


def _quietly(call, *args) -> None:
    try:
        call(*args)
    except (NotFound, InvalidInput):
        pass  # already gone
