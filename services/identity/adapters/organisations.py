"""Buyers, suppliers and the platform operator in PostgreSQL."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from procure.codelists import cpv
from services.identity.adapters.tables.organisations import organisations
from services.identity.domain.directory import DirectoryQuery, ListedSupplier
from services.identity.domain.organisations import (Address, ContactPoint, DirectoryProfile, Identifier,
                                                    Organisation, OrganisationDetails, OrganisationKind)

_LISTED = organisations.c.directory_listed  # as the partial indexes say it, so the planner matches them


class OrganisationRepository:
    def __init__(self, session: Session):
        self._session = session
        self.seen: list[Organisation] = []

    def add(self, organisation: Organisation) -> bool:
        """False when an organisation with the same registration identifier exists."""
        inserted = self._session.execute(
            insert(organisations).values(id=organisation.id, name=organisation.name,
                                         kind=organisation.kind.value, country=organisation.country,
                                         created_at=organisation.created_at, version=organisation.version,
                                         **_detail_columns(organisation.details))
            .on_conflict_do_nothing(index_elements=["identifier_scheme", "identifier_value"])
            .returning(organisations.c.id)).first()
        if inserted is not None:
            self.seen.append(organisation)
        return inserted is not None

    def get(self, organisation_id: uuid.UUID) -> Organisation | None:
        row = self._session.execute(sa.select(organisations).where(
            organisations.c.id == organisation_id)).mappings().first()
        return self._track(_organisation(row)) if row else None

    def of_kind(self, kind: OrganisationKind) -> Organisation | None:
        """The first organisation of a kind (there is one platform organisation per region)."""
        row = self._session.execute(sa.select(organisations).where(organisations.c.kind == kind.value)
                                    .order_by(organisations.c.created_at).limit(1)).mappings().first()
        return self._track(_organisation(row)) if row else None

    def save(self, organisation: Organisation) -> bool:
        """Writes a revised organisation; False when someone else changed it first (its version moved on)."""
        updated = self._session.execute(
            sa.update(organisations)
            .where(organisations.c.id == organisation.id, organisations.c.version == organisation.version - 1)
            .values(name=organisation.name, version=organisation.version, **_detail_columns(organisation.details))
            .returning(organisations.c.id)).first()
        return updated is not None

    def page(self, limit: int, after: tuple[datetime, uuid.UUID] | None) -> list[Organisation]:
        """Newest first, `limit` of them after the keyset position `after`."""
        query = sa.select(organisations).order_by(organisations.c.created_at.desc(), organisations.c.id.desc())
        if after is not None:
            query = query.where(sa.tuple_(organisations.c.created_at, organisations.c.id) < sa.tuple_(*after))
        return [_organisation(row) for row in self._session.execute(query.limit(limit)).mappings()]

    def directory(self, query: DirectoryQuery, limit: int) -> list[ListedSupplier]:
        """Opted-in suppliers matching every filter, by name then id, after the query's position."""
        return [_listed(row) for row in self._session.execute(directory_select(query, limit)).mappings()]

    def _track(self, organisation: Organisation) -> Organisation:
        self.seen.append(organisation)
        return organisation


def _detail_columns(details: OrganisationDetails) -> dict:
    identifier, address, contact = details.identifier, details.address, details.contact
    return {
        "identifier_scheme": identifier and identifier.scheme, "identifier_value": identifier and identifier.value,
        "nuts": details.nuts, "address": address and address.__dict__, "contact": contact and contact.__dict__,
        "buyer_legal_type": details.buyer_legal_type, "vat_number": details.vat_number, "size": details.size,
        "cpv_codes": list(details.cpv_codes),
        "cpv_prefixes": sorted({prefix for code in details.cpv_codes for prefix in cpv.prefixes(code)}),
        "directory_listed": details.directory.listed, "directory_description": details.directory.description,
        "website": details.directory.website}


def _organisation(row) -> Organisation:
    details = OrganisationDetails(
        identifier=Identifier(row["identifier_scheme"], row["identifier_value"]) if row["identifier_scheme"] else None,
        nuts=row["nuts"], address=Address(**row["address"]) if row["address"] else None,
        contact=ContactPoint(**row["contact"]) if row["contact"] else None,
        buyer_legal_type=row["buyer_legal_type"], vat_number=row["vat_number"], size=row["size"],
        cpv_codes=tuple(row["cpv_codes"]),
        directory=DirectoryProfile(listed=row["directory_listed"], description=dict(row["directory_description"]),
                                   website=row["website"]))
    return Organisation(id=row["id"], name=row["name"], kind=OrganisationKind(row["kind"]), country=row["country"],
                        created_at=row["created_at"], details=details, version=row["version"])


def _listed(row) -> ListedSupplier:
    return ListedSupplier(id=row["id"], name=row["name"], country=row["country"], nuts=row["nuts"],
                          size=row["size"], cpv_codes=tuple(row["cpv_codes"]),
                          description=dict(row["directory_description"]), website=row["website"])


def directory_select(query: DirectoryQuery, limit: int) -> sa.Select:
    """Each filter has its partial index (GIN on CPV prefixes and on the name's words, text_pattern_ops on NUTS)."""
    conditions = [_LISTED, organisations.c.kind == OrganisationKind.SUPPLIER.value]
    if query.cpv_prefix:
        conditions.append(organisations.c.cpv_prefixes.contains([query.cpv_prefix]))
    if query.nuts_prefix:
        conditions.append(organisations.c.nuts.like(f"{query.nuts_prefix}%"))  # [A-Z0-9] only: nothing to escape
    if query.size:
        conditions.append(organisations.c.size == query.size)
    if query.words:
        tsquery = " & ".join(f"'{word}':*" for word in query.words)
        conditions.append(sa.func.to_tsvector(sa.literal_column("'simple'"), organisations.c.name)
                          .bool_op("@@")(sa.func.to_tsquery(sa.literal_column("'simple'"), tsquery)))
    if query.after is not None:
        conditions.append(sa.tuple_(organisations.c.name, organisations.c.id) > sa.tuple_(*query.after))
    return (sa.select(organisations).where(*conditions)
            .order_by(organisations.c.name, organisations.c.id).limit(limit))
