"""The documents unit of work."""
from __future__ import annotations

from procure.database import SqlUnitOfWork


class DocumentsUnitOfWork(SqlUnitOfWork):
    pass
