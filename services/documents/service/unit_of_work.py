"""The documents unit of work."""
from __future__ import annotations

from procure.database import SqlUnitOfWork
from services.documents.adapters.repository import DocumentRepository


class DocumentsUnitOfWork(SqlUnitOfWork):
    def _open(self, session) -> None:
        self.documents = DocumentRepository(session)

    def commit(self) -> None:
        for document in self.documents.seen:
            self.record(*document.events)
            document.events.clear()
        super().commit()
