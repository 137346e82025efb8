"""Buyers and suppliers in PostgreSQL."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.identity.adapters.tables.organisations import organisations
from services.identity.domain.organisations import Organisation, OrganisationKind


class OrganisationRepository:
    def __init__(self, session: Session):
        self._session = session
        self.seen: list[Organisation] = []

    def add(self, organisation: Organisation) -> None:
        self._session.execute(sa.insert(organisations).values(
            id=organisation.id, name=organisation.name, kind=organisation.kind.value,
            country=organisation.country, created_at=organisation.created_at))
        self.seen.append(organisation)

    def get(self, organisation_id: uuid.UUID) -> Organisation | None:
        row = self._session.execute(sa.select(organisations).where(
            organisations.c.id == organisation_id)).mappings().first()
        if row is None:
            return None
        organisation = Organisation(**{**row, "kind": OrganisationKind(row["kind"])})
        self.seen.append(organisation)
        return organisation
