"""The identity unit of work: one repository per area, one transaction for all."""
from __future__ import annotations

from procure.database import SqlUnitOfWork
from services.identity.adapters.api_clients import ApiClientRepository
from services.identity.adapters.audit_log import AuditLog
from services.identity.adapters.organisations import OrganisationRepository
from services.identity.adapters.people import PeopleRepository
from services.identity.adapters.trust_store import TrustStore


class IdentityUnitOfWork(SqlUnitOfWork):
    def _open(self, session) -> None:
        self.organisations = OrganisationRepository(session)
        self.people = PeopleRepository(session)
        self.clients = ApiClientRepository(session)
        self.trust = TrustStore(session)
        self.audit = AuditLog(session)

    def commit(self) -> None:
        for aggregate in [*self.organisations.seen, *self.people.seen]:
            self.record(*aggregate.events)
            aggregate.events.clear()
        super().commit()
