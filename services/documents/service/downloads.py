"""Hand out download URLs and keep the register of who got which version; list and read documents."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from procure.errors import NotFound
from services.documents.adapters.objects import DocumentObjects
from services.documents.domain.commands import AllowAnonymousDownload, Download
from services.documents.domain.document import Document, Reader, Status, Version
from services.documents.domain.events import DocumentDownloaded
from services.documents.service.uploads import Clock, owned_document, utc_now


@dataclass(frozen=True)
class DocumentPage:
    items: list[tuple[Document, Version]]
    more: bool


def download(command: Download, uow, objects: DocumentObjects, expires: timedelta,
             clock: Clock = utc_now) -> str:
    """A presigned GET of the current (or asked) version, registered with who asked; 404 to whoever may not."""
    with uow:
        document = _readable(uow, command.document_id, command.reader)
        version = uow.documents.version(document.id, command.version or document.current_version or 0)
        if version is None or version.status is not Status.AVAILABLE:
            raise NotFound("No such version of this document.")
        reader, now = command.reader, clock()
        user, organisation = (reader.subject, reader.organisation) if reader else (None, None)
        uow.documents.register_download(document.id, version.number, user, organisation, now)
        uow.record(DocumentDownloaded(id=document.id, version=version.number, kind=document.kind,
                                      owner_type=document.owner_type, owner_id=document.owner_id, user=user,
                                      organisation=organisation, downloaded_at=now))
        url = objects.download_url(version.object_key, file_name=version.file_name,
                                   content_type=version.content_type or "application/octet-stream", expires=expires)
        uow.commit()
        return url


def document_with_version(document_id: uuid.UUID, reader: Reader | None, uow) -> tuple[Document, Version]:
    """The document and its latest version as the caller may see it."""
    with uow:
        document = _readable(uow, document_id, reader, pending_to_owner=True)
        return document, uow.documents.version(document.id, document.latest_version)


def allow_anonymous_download(command: AllowAnonymousDownload, uow) -> tuple[Document, Version]:
    with uow:
        document = owned_document(uow, command.document_id, command.uploader, for_update=True)
        if document.kind != "tender-document":
            raise NotFound("Only tender documents can be downloaded anonymously.")
        document.anonymous_download = command.allowed
        uow.documents.save(document)
        uow.commit()
        return document, uow.documents.version(document.id, document.latest_version)


def documents_of_owner(owner_type: str, owner_id: uuid.UUID, reader: Reader, *, history: bool, limit: int,
                       after: tuple[datetime, uuid.UUID, int] | None, uow) -> DocumentPage:
    """Available documents of an owner the reader may read, newest first."""
    with uow:
        found = uow.documents.of_owner(owner_type, owner_id, history=history, limit=limit + 1, after=after)
        readable = [(document, version) for document, version in found if document.readable_by(reader)]
        # Filtered after the fetch: an owner's documents share one reader rule, so all or none pass.
        return DocumentPage(readable[:limit], len(readable) > limit)


def _readable(uow, document_id: uuid.UUID, reader: Reader | None, *, pending_to_owner: bool = False) -> Document:
    document = uow.documents.get(document_id)
    if document is None or not document.readable_by(reader):
        raise NotFound("No such document.")
    if document.current_version is None and not (
            pending_to_owner and reader is not None and reader.organisation == document.owner_organisation):
        raise NotFound("No such document.")
    return document
