"""Facts the documents service publishes on `documents.events`."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.events.model import Event


@dataclass(frozen=True)
class _StoredVersion(Event):
    """A version of a document that was stored and checked (size, SHA-256, type)."""
    id: uuid.UUID
    version: int
    kind: str
    owner_type: str
    owner_id: uuid.UUID
    owner_organisation: uuid.UUID
    file_name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class DocumentUploaded(_StoredVersion):
    """The first version of a document was stored and checked (size, SHA-256, type); it can be downloaded."""
    type = "document.uploaded"


@dataclass(frozen=True)
class DocumentVersioned(_StoredVersion):
    """A new version of a document was stored and checked; earlier versions are kept."""
    type = "document.versioned"
    previous_version: int | None = None


@dataclass(frozen=True)
class DocumentUploadRefused(Event):
    """What was uploaded differed from what was declared; the object was deleted."""
    type = "document.upload-refused"
    id: uuid.UUID
    version: int
    owner_organisation: uuid.UUID
    differences: dict


@dataclass(frozen=True)
class DocumentDownloaded(Event):
    """Someone was handed a download URL; `user` and `organisation` are null for anonymous downloads."""
    type = "document.downloaded"
    id: uuid.UUID
    version: int
    kind: str
    owner_type: str
    owner_id: uuid.UUID
    user: str | None
    organisation: uuid.UUID | None
    downloaded_at: datetime
