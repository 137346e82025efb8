"""Declare an upload, hand out presigned URLs, and check what arrived when the client completes it."""
from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from procure.errors import Conflict, InvalidInput, NotFound
from services.documents.adapters.objects import DocumentObjects, UploadTarget
from services.documents.domain.commands import CompleteUpload, DeclareUpload, DeclareVersion
from services.documents.domain.document import (Document, DocumentTooLarge, Status, UploadRefused, Uploader,
                                                Version, check_owner, differences, sanitised_file_name)
from services.documents.domain.events import DocumentUploaded, DocumentUploadRefused, DocumentVersioned

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class UploadRules:
    """The configured limits: sizes and types per kind, URL lifetime, when to upload in parts."""

    size_limits: dict[str, int]
    allowed_types: dict[str, list[str]]
    upload_seconds: int
    multipart_threshold: int
    part_bytes: int

    @classmethod
    def from_settings(cls, settings) -> "UploadRules":
        return cls(settings.document_size_limits, settings.document_allowed_types, settings.upload_url_seconds,
                   settings.multipart_threshold_bytes, settings.multipart_part_bytes)

    def part_count(self, size: int) -> int:
        return 1 if size <= self.multipart_threshold else math.ceil(size / self.part_bytes)

    def check(self, kind: str, size: int, content_type: str) -> None:
        limit = self.size_limits.get(kind, 0)
        if size > limit:
            raise DocumentTooLarge(f"A {kind} may be at most {limit} bytes; {size} were declared.", limit=limit)
        if content_type not in self.allowed_types.get(kind, ()):
            raise InvalidInput(f"A {kind} cannot be {content_type}.", errors={"content_type": [
                f"Must be one of: {', '.join(self.allowed_types.get(kind, ()))}."]})


@dataclass(frozen=True)
class Declared:
    document: Document
    version: Version
    target: UploadTarget


def declare_upload(command: DeclareUpload, uow, objects: DocumentObjects, rules: UploadRules,
                   clock: Clock = utc_now) -> Declared:
    check_owner(command.kind, command.owner_type, command.owner_id, command.uploader)
    rules.check(command.kind, command.size, command.content_type)
    now = clock()
    document = Document(id=uuid.uuid4(), kind=command.kind, owner_type=command.owner_type, owner_id=command.owner_id,
                        owner_organisation=command.uploader.organisation, created_by=command.uploader.subject,
                        created_at=now, anonymous_download=command.anonymous_download and command.kind == "tender-document")
    with uow:
        uow.documents.add(document)
        return _declare_version(uow, objects, rules, document, command, 1, now)


def declare_version(command: DeclareVersion, uow, objects: DocumentObjects, rules: UploadRules,
                    clock: Clock = utc_now) -> Declared:
    with uow:
        document = owned_document(uow, command.document_id, command.uploader, for_update=True)
        if document.kind != "tender-document":
            raise Conflict("Only tender documents have versions; upload another document instead.")
        rules.check(document.kind, command.size, command.content_type)
        document.latest_version += 1
        uow.documents.save(document)
        return _declare_version(uow, objects, rules, document, command, document.latest_version, clock())


def _declare_version(uow, objects, rules: UploadRules, document: Document, command, number: int,
                     now: datetime) -> Declared:
    parts = rules.part_count(command.size)
    key = f"{document.id}/{number}"
    version = Version(number=number, file_name=sanitised_file_name(command.file_name),
                      declared_type=command.content_type, size=command.size, sha256=command.sha256.lower(),
                      object_key=key, uploaded_by=command.uploader.subject, declared_at=now,
                      expires_at=now + timedelta(seconds=rules.upload_seconds),
                      part_count=parts if parts > 1 else 0)
    target = objects.upload_target(key, content_type=command.content_type, parts=parts,
                                   expires=timedelta(seconds=rules.upload_seconds))
    version.upload_id = target.upload_id
    uow.documents.add_version(document.id, version)
    uow.commit()
    return Declared(document, version, target)


def complete_upload(command: CompleteUpload, uow, objects: DocumentObjects, rules: UploadRules,
                    clock: Clock = utc_now) -> tuple[Document, Version]:
    """Checks the stored object against the declaration; a mismatch deletes it and answers 422."""
    with uow:
        document = owned_document(uow, command.document_id, command.uploader, for_update=True)
        version = uow.documents.version(document.id, document.latest_version)
        if version.status is not Status.PENDING:
            raise Conflict(f"Version {version.number} is {version.status.value}; nothing waits to be completed.")
        if version.expires_at <= clock():
            raise Conflict("The upload expired; declare it again.")
        if version.multipart:
            _join_parts(objects, version, list(command.parts))
        observed = objects.observe(version.object_key)
        found = differences(version, observed, rules.allowed_types.get(document.kind, []))
        if found:
            _refuse(uow, objects, document, version, found)
        _accept(document, version, observed.sniffed_type, clock())
        uow.documents.save_version(document.id, version)
        uow.documents.save(document)
        uow.commit()
        return document, version


def _join_parts(objects: DocumentObjects, version: Version, parts: list[tuple[int, str]]) -> None:
    expected = list(range(1, version.part_count + 1))
    given = [number for number, _ in parts]
    if given != expected:
        missing = sorted(set(expected) - set(given))
        raise InvalidInput("List every part, in order, with the ETag its upload answered.", errors={"parts": [
            f"Expected parts {expected[0]} to {expected[-1]}" + (f"; missing {missing}." if missing else ".")]})
    objects.complete_multipart(version.object_key, version.upload_id, parts)


def _refuse(uow, objects: DocumentObjects, document: Document, version: Version, found: dict) -> None:
    objects.discard(version.object_key)
    version.status = Status.REJECTED
    uow.documents.save_version(document.id, version)
    uow.record(DocumentUploadRefused(id=document.id, version=version.number,
                                     owner_organisation=document.owner_organisation, differences=found))
    uow.commit()
    raise UploadRefused("What was stored differs from what was declared; it was deleted: "
                        + " ".join(message for messages in found.values() for message in messages), errors=found)


def _accept(document: Document, version: Version, sniffed_type: str, now: datetime) -> None:
    previous = document.current_version
    version.status, version.content_type, version.completed_at = Status.AVAILABLE, sniffed_type, now
    document.current_version = version.number
    facts = dict(id=document.id, version=version.number, kind=document.kind, owner_type=document.owner_type,
                 owner_id=document.owner_id, owner_organisation=document.owner_organisation,
                 file_name=version.file_name, content_type=sniffed_type, size=version.size, sha256=version.sha256)
    document.events.append(DocumentUploaded(**facts) if previous is None and version.number == 1
                           else DocumentVersioned(previous_version=previous, **facts))


def owned_document(uow, document_id: uuid.UUID, uploader: Uploader, *, for_update: bool = False) -> Document:
    """The document when the caller's organisation uploaded it with the roles its kind needs; 404 otherwise."""
    document = uow.documents.get(document_id, for_update=for_update)
    if document is None or not document.uploaded_by(uploader):
        raise NotFound("No such document.")
    return document
