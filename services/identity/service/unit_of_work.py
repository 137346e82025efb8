"""The identity unit of work."""
from __future__ import annotations

from procure.database import SqlUnitOfWork
from services.identity.adapters.repository import IdentityRepository


class IdentityUnitOfWork(SqlUnitOfWork):
    def _open(self, session) -> None:
        self.identity = IdentityRepository(session)

    def commit(self) -> None:
        for organisation in self.identity.seen:
            self.record(*organisation.events)
            organisation.events.clear()
        super().commit()
