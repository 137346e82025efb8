"""The documents database: one module per area, all on the same `metadata`."""
from services.documents.adapters.tables.base import metadata
from services.documents.adapters.tables.documents import document_downloads, document_versions, documents

__all__ = ["metadata", "documents", "document_versions", "document_downloads"]
