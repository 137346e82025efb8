"""What callers ask the documents service to do."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.documents.domain.document import Reader, Uploader


@dataclass(frozen=True)
class DeclareUpload:
    uploader: Uploader
    owner_type: str
    owner_id: uuid.UUID
    kind: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    anonymous_download: bool = False


@dataclass(frozen=True)
class DeclareVersion:
    document_id: uuid.UUID
    uploader: Uploader
    file_name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class CompleteUpload:
    document_id: uuid.UUID
    uploader: Uploader
    parts: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Download:
    document_id: uuid.UUID
    reader: Reader | None
    version: int | None = None


@dataclass(frozen=True)
class AllowAnonymousDownload:
    document_id: uuid.UUID
    uploader: Uploader
    allowed: bool
