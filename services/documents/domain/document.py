"""A document: one file of a notice, a bid, a supplier's vault or an organisation, in versions.

Bytes never pass through here: a version is declared (name, type, size, SHA-256), the client puts
the bytes on storage, and completing the upload compares what storage holds with the declaration.
"""
from __future__ import annotations

import enum
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from procure.errors import Forbidden, InvalidInput, ProcureError

FILE_NAME_MAX_LENGTH = 255
BUYER_ROLES = ("buyer-admin", "buyer-agent")
SUPPLIER_ROLES = ("supplier-admin", "supplier-agent")
# Which owner each kind of document hangs on, and who may upload it.
OWNER_OF_KIND = {"tender-document": "notice", "bid-file": "bid", "vault-document": "vault",
                 "other": "organisation"}
UPLOADERS = {"tender-document": BUYER_ROLES, "bid-file": SUPPLIER_ROLES, "vault-document": SUPPLIER_ROLES,
             "other": BUYER_ROLES + SUPPLIER_ROLES}
# Owners that are the uploading organisation itself.
OWNED_BY_ORGANISATION = {"vault", "organisation"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class DocumentTooLarge(ProcureError):
    status, title, slug = 413, "Document too large", "document-too-large"


class UploadRefused(InvalidInput):
    """What storage holds differs from what was declared; the object is gone."""

    title, slug = "Upload refused", "upload-refused"


class Status(enum.Enum):
    PENDING = "pending"
    AVAILABLE = "available"
    REJECTED = "rejected"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Uploader:
    subject: str
    organisation: uuid.UUID
    roles: frozenset[str]


@dataclass(frozen=True)
class Reader:
    """Who asks for a document; None stands for an anonymous caller."""

    subject: str
    organisation: uuid.UUID | None
    roles: frozenset[str]


@dataclass(frozen=True)
class Observed:
    """What storage holds for a version once the client says it is uploaded."""

    size: int
    sha256: str
    sniffed_type: str


@dataclass
class Version:
    number: int
    file_name: str
    declared_type: str
    size: int
    sha256: str
    object_key: str
    uploaded_by: str
    declared_at: datetime
    expires_at: datetime
    status: Status = Status.PENDING
    content_type: str | None = None
    upload_id: str | None = None
    part_count: int = 0
    completed_at: datetime | None = None

    @property
    def multipart(self) -> bool:
        return self.upload_id is not None


@dataclass
class Document:
    id: uuid.UUID
    kind: str
    owner_type: str
    owner_id: uuid.UUID
    owner_organisation: uuid.UUID
    created_by: str
    created_at: datetime
    anonymous_download: bool = False
    current_version: int | None = None
    latest_version: int = 1
    events: list = field(default_factory=list)

    def uploaded_by(self, uploader: Uploader) -> bool:
        return uploader.organisation == self.owner_organisation and bool(uploader.roles & set(UPLOADERS[self.kind]))

    def readable_by(self, reader: Reader | None) -> bool:
        """Tender documents: any identified caller, anyone when the buyer allows it; the rest: the owner only."""
        if self.kind == "tender-document":
            return reader is not None or self.anonymous_download
        return reader is not None and reader.organisation == self.owner_organisation


def sanitised_file_name(name: str) -> str:
    """The name as stored and served: NFC, no path, control characters or traversal; 422 otherwise."""
    normalised = unicodedata.normalize("NFC", name).strip()
    problems = []
    if "/" in normalised or "\\" in normalised:
        problems.append("Must not contain path separators.")
    if _CONTROL.search(normalised):
        problems.append("Must not contain control characters.")
    if ".." in normalised or normalised in {"", "."}:
        problems.append("Must be a plain file name, without '..'.")
    if len(normalised) > FILE_NAME_MAX_LENGTH or len(normalised.encode()) > 4 * FILE_NAME_MAX_LENGTH:
        problems.append(f"Must be at most {FILE_NAME_MAX_LENGTH} characters.")
    if problems:
        raise InvalidInput("The file name cannot be stored as given.", errors={"file_name": problems})
    return normalised


def check_owner(kind: str, owner_type: str, owner_id: uuid.UUID, uploader: Uploader) -> None:
    if OWNER_OF_KIND[kind] != owner_type:
        raise InvalidInput(f"A {kind} belongs to a {OWNER_OF_KIND[kind]}.",
                           errors={"owner": [f"Must be a {OWNER_OF_KIND[kind]} for kind {kind}."]})
    if not uploader.roles & set(UPLOADERS[kind]):
        raise Forbidden(f"Uploading a {kind} needs one of the roles: {', '.join(UPLOADERS[kind])}.")
    if owner_type in OWNED_BY_ORGANISATION and owner_id != uploader.organisation:
        raise Forbidden("An organisation uploads only to its own vault and documents.")


def differences(version: Version, observed: Observed, allowed_types: list[str]) -> dict[str, list[str]]:
    """What storage holds that differs from the declaration or the kind's rules; empty when all match."""
    found: dict[str, list[str]] = {}
    if observed.size != version.size:
        found["size"] = [f"Declared {version.size} bytes, stored {observed.size}."]
    if observed.sha256 != version.sha256:
        found["sha256"] = [f"Declared {version.sha256}, stored {observed.sha256}."]
    if observed.sniffed_type not in allowed_types:
        found["content_type"] = [f"The file is {observed.sniffed_type}, which this kind of document does not take."]
    return found


def upload_expiry(now: datetime, seconds: int) -> datetime:
    return now + timedelta(seconds=seconds)
