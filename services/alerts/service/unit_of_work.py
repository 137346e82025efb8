"""The alerts unit of work."""
from __future__ import annotations

from procure.database import SqlUnitOfWork
from services.alerts.adapters.repository import PublishedNoticeRepository


class AlertsUnitOfWork(SqlUnitOfWork):
    def _open(self, session) -> None:
        self.published_notices = PublishedNoticeRepository(session)
