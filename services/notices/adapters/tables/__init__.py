"""The notices database: one module per area, all on the same `metadata`."""
from services.notices.adapters.tables.base import metadata
from services.notices.adapters.tables.notices import notices

__all__ = ["metadata", "notices"]
