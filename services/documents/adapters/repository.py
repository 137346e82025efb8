"""Documents and their versions in the documents database."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.documents.adapters.tables import document_downloads, document_versions, documents
from services.documents.domain.document import Document, Status, Version

_VERSION_FIELDS = ("file_name", "declared_type", "content_type", "size", "sha256", "object_key", "upload_id",
                   "part_count", "uploaded_by", "declared_at", "expires_at", "completed_at")
_DOCUMENT_FIELDS = ("kind", "owner_type", "owner_id", "owner_organisation", "created_by", "created_at",
                    "anonymous_download", "current_version", "latest_version")


class DocumentRepository:
    def __init__(self, session: Session):
        self._session = session
        self.seen: list[Document] = []

    def add(self, document: Document) -> None:
        self._session.execute(sa.insert(documents).values(id=document.id, **_document_row(document)))
        self.seen.append(document)

    def get(self, document_id: uuid.UUID, *, for_update: bool = False) -> Document | None:
        query = sa.select(documents).where(documents.c.id == document_id)
        row = self._session.execute(query.with_for_update() if for_update else query).mappings().first()
        if row is None:
            return None
        document = Document(id=row["id"], **{name: row[name] for name in _DOCUMENT_FIELDS})
        self.seen.append(document)
        return document

    def save(self, document: Document) -> None:
        self._session.execute(sa.update(documents).where(documents.c.id == document.id)
                              .values(**_document_row(document)))

    def add_version(self, document_id: uuid.UUID, version: Version) -> None:
        self._session.execute(sa.insert(document_versions).values(
            document_id=document_id, version=version.number, status=version.status.value,
            **{name: getattr(version, name) for name in _VERSION_FIELDS}))

    def version(self, document_id: uuid.UUID, number: int) -> Version | None:
        row = self._session.execute(sa.select(document_versions).where(
            document_versions.c.document_id == document_id, document_versions.c.version == number)).mappings().first()
        return _version(row) if row else None

    def save_version(self, document_id: uuid.UUID, version: Version) -> None:
        self._session.execute(sa.update(document_versions).where(
            document_versions.c.document_id == document_id, document_versions.c.version == version.number)
            .values(status=version.status.value, content_type=version.content_type,
                    completed_at=version.completed_at))

    def of_owner(self, owner_type: str, owner_id: uuid.UUID, *, history: bool, limit: int,
                 after: tuple[datetime, uuid.UUID, int] | None) -> list[tuple[Document, Version]]:
        """Available versions of an owner's documents, newest first; only the current ones unless `history`."""
        joined = documents.join(document_versions, document_versions.c.document_id == documents.c.id)
        query = sa.select(documents, document_versions).select_from(joined).where(
            documents.c.owner_type == owner_type, documents.c.owner_id == owner_id,
            document_versions.c.status == Status.AVAILABLE.value)
        if not history:
            query = query.where(document_versions.c.version == documents.c.current_version)
        position = sa.tuple_(document_versions.c.completed_at, document_versions.c.document_id,
                             document_versions.c.version)
        if after is not None:
            query = query.where(position < sa.tuple_(*after))
        query = query.order_by(document_versions.c.completed_at.desc(), document_versions.c.document_id.desc(),
                               document_versions.c.version.desc()).limit(limit)
        return [(Document(id=row["id"], **{name: row[name] for name in _DOCUMENT_FIELDS}), _version(row))
                for row in self._session.execute(query).mappings()]

    def register_download(self, document_id: uuid.UUID, version: int, user: str | None,
                          organisation: uuid.UUID | None, at: datetime) -> None:
        self._session.execute(sa.insert(document_downloads).values(
            document_id=document_id, version=version, user_subject=user, organisation=organisation,
            downloaded_at=at))

    def lock_next_expired(self, now: datetime) -> tuple[uuid.UUID, Version] | None:
        """One unfinished upload past its expiry, locked; one another sweeper holds is skipped."""
        row = self._session.execute(
            sa.select(document_versions).where(document_versions.c.status == Status.PENDING.value,
                                               document_versions.c.expires_at < now)
            .order_by(document_versions.c.expires_at).limit(1).with_for_update(skip_locked=True)).mappings().first()
        return (row["document_id"], _version(row)) if row else None


def _document_row(document: Document) -> dict:
    return {name: getattr(document, name) for name in _DOCUMENT_FIELDS}


def _version(row) -> Version:
    return Version(number=row["version"], status=Status(row["status"]),
                   **{name: row[name] for name in _VERSION_FIELDS})
