"""Accepted certification authorities, imported trusted lists and CRLs in PostgreSQL."""
from __future__ import annotations

import base64
import dataclasses
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.identity.adapters.tables.trust import (certification_authorities, revocation_lists, trust_services,
                                                     trusted_list_sources, trusted_lists)
from services.identity.domain.trust import (TRUSTED_LIST, CertificationAuthority, RevocationList, TrustedListImport,
                                            TrustedListSource)

AUTHORITY_FIELDS = [field.name for field in dataclasses.fields(CertificationAuthority)]


class TrustStore:
    def __init__(self, session: Session):
        self._session = session

    # Authorities

    def add_authority(self, authority: CertificationAuthority) -> bool:
        """False when an authority with this fingerprint is already there."""
        inserted = self._session.execute(
            insert(certification_authorities).values(**dataclasses.asdict(authority))
            .on_conflict_do_nothing(index_elements=["fingerprint"]).returning(certification_authorities.c.fingerprint))
        return inserted.first() is not None

    def authority(self, fingerprint: str) -> CertificationAuthority | None:
        row = self._session.execute(sa.select(certification_authorities).where(
            certification_authorities.c.fingerprint == fingerprint)).mappings().first()
        return CertificationAuthority(**row) if row else None

    def authorities(self, limit: int, after: tuple[datetime, str] | None = None,
                    enabled: bool | None = None) -> list[CertificationAuthority]:
        """Newest first, keyset on (created_at, fingerprint)."""
        table = certification_authorities
        query = sa.select(table).order_by(table.c.created_at.desc(), table.c.fingerprint.desc()).limit(limit)
        if after is not None:
            query = query.where(sa.tuple_(table.c.created_at, table.c.fingerprint) < sa.tuple_(*after))
        if enabled is not None:
            query = query.where(table.c.enabled == enabled)
        return [CertificationAuthority(**row) for row in self._session.execute(query).mappings()]

    def set_enabled(self, fingerprint: str, enabled: bool) -> None:
        self._session.execute(sa.update(certification_authorities).where(
            certification_authorities.c.fingerprint == fingerprint).values(enabled=enabled))

    def signing_authorities(self) -> list[CertificationAuthority]:
        """Authorities that new signatures may chain up to."""
        rows = self._session.execute(sa.select(certification_authorities).where(
            certification_authorities.c.enabled.is_(True))).mappings()
        return [authority for authority in (CertificationAuthority(**row) for row in rows) if authority.signs]

    def listed_authorities(self, territory: str) -> list[CertificationAuthority]:
        rows = self._session.execute(sa.select(certification_authorities).where(
            certification_authorities.c.territory == territory,
            certification_authorities.c.source == TRUSTED_LIST)).mappings()
        return [CertificationAuthority(**row) for row in rows]

    def update_listing(self, fingerprint: str, service_type: str | None, service_status: str) -> None:
        self._session.execute(sa.update(certification_authorities).where(
            certification_authorities.c.fingerprint == fingerprint).values(
            service_type=service_type, service_status=service_status))

    # Revocation lists

    def add_revocation_list(self, crl: RevocationList) -> None:
        self._session.execute(sa.insert(revocation_lists).values(**dataclasses.asdict(crl)))

    def revocation_lists(self, authority: str) -> list[RevocationList]:
        rows = self._session.execute(sa.select(revocation_lists).where(
            revocation_lists.c.authority == authority).order_by(revocation_lists.c.this_update.desc())).mappings()
        return [RevocationList(**row) for row in rows]

    def all_revocation_lists(self) -> list[bytes]:
        return list(self._session.scalars(sa.select(revocation_lists.c.crl)))

    # Trusted lists

    def add_source(self, source: TrustedListSource) -> bool:
        values = {**dataclasses.asdict(source), "signing_certificates": _encoded(source.signing_certificates)}
        inserted = self._session.execute(insert(trusted_list_sources).values(**values).on_conflict_do_nothing(
            index_elements=["territory"]).returning(trusted_list_sources.c.territory))
        return inserted.first() is not None

    def replace_source_certificates(self, territory: str, certificates: list[bytes]) -> None:
        self._session.execute(sa.update(trusted_list_sources).where(
            trusted_list_sources.c.territory == territory).values(signing_certificates=_encoded(certificates)))

    def source(self, territory: str) -> TrustedListSource | None:
        row = self._session.execute(sa.select(trusted_list_sources).where(
            trusted_list_sources.c.territory == territory)).mappings().first()
        return _source(row) if row else None

    def sources(self, limit: int, after: str | None = None) -> list[TrustedListSource]:
        query = sa.select(trusted_list_sources).order_by(trusted_list_sources.c.territory).limit(limit)
        if after is not None:
            query = query.where(trusted_list_sources.c.territory > after)
        return [_source(row) for row in self._session.execute(query).mappings()]

    def add_import(self, listed: TrustedListImport, services: list[dict]) -> None:
        values = {k: v for k, v in dataclasses.asdict(listed).items() if k != "services"}
        self._session.execute(sa.insert(trusted_lists).values(**values))
        for service in services:
            self._session.execute(sa.insert(trust_services).values(
                id=uuid.uuid4(), trusted_list_id=listed.id, **service))

    def latest_import(self, territory: str) -> dict | None:
        row = self._session.execute(sa.select(trusted_lists).where(trusted_lists.c.territory == territory).order_by(
            trusted_lists.c.imported_at.desc()).limit(1)).mappings().first()
        if row is None:
            return None
        services = self._session.execute(sa.select(trust_services).where(
            trust_services.c.trusted_list_id == row["id"]).order_by(trust_services.c.provider,
                                                                    trust_services.c.name)).mappings()
        return {**row, "services": [dict(service) for service in services]}


def _encoded(certificates: list[bytes]) -> list[str]:
    return [base64.b64encode(der).decode() for der in certificates]


def _source(row) -> TrustedListSource:
    return TrustedListSource(**{**row, "signing_certificates": [base64.b64decode(c)
                                                                for c in row["signing_certificates"]]})
