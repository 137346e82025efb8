"""Organisations, users, memberships and refresh tokens in PostgreSQL."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.identity.adapters.tables import memberships, organisations, refresh_tokens, users
from services.identity.domain.model import Membership, Organisation, OrganisationKind, User


class IdentityRepository:
    def __init__(self, session: Session):
        self._session = session
        self.seen: list[Organisation] = []

    def add_user(self, user: User) -> bool:
        """False when the e-mail address is already registered."""
        inserted = self._session.execute(
            insert(users).values(id=user.id, email=user.email, name=user.name,
                                 password_hash=user.password_hash, created_at=user.created_at)
            .on_conflict_do_nothing().returning(users.c.id)).first()
        return inserted is not None

    def add_organisation(self, organisation: Organisation, membership: Membership) -> None:
        self._session.execute(sa.insert(organisations).values(
            id=organisation.id, name=organisation.name, kind=organisation.kind.value,
            country=organisation.country, created_at=organisation.created_at))
        self._session.execute(sa.insert(memberships).values(
            user_id=membership.user_id, organisation_id=membership.organisation_id, roles=list(membership.roles)))
        self.seen.append(organisation)

    def user_by_email(self, email: str) -> User | None:
        row = self._session.execute(sa.select(users).where(
            sa.func.lower(users.c.email) == email.lower())).mappings().first()
        return User(**row) if row else None

    def memberships_of(self, user_id: uuid.UUID) -> list[Membership]:
        rows = self._session.execute(sa.select(memberships).where(memberships.c.user_id == user_id)
                                     .order_by(memberships.c.organisation_id)).mappings()
        return [Membership(row["user_id"], row["organisation_id"], tuple(row["roles"])) for row in rows]

    def organisation(self, organisation_id: uuid.UUID) -> Organisation | None:
        row = self._session.execute(sa.select(organisations).where(
            organisations.c.id == organisation_id)).mappings().first()
        return Organisation(**{**row, "kind": OrganisationKind(row["kind"])}) if row else None

    def add_refresh_token(self, token_hash: str, family_id: uuid.UUID, membership: Membership,
                          expires_at: datetime) -> None:
        self._session.execute(sa.insert(refresh_tokens).values(
            token_hash=token_hash, family_id=family_id, user_id=membership.user_id,
            organisation_id=membership.organisation_id, expires_at=expires_at))

    def refresh_token(self, token_hash: str):
        return self._session.execute(sa.select(refresh_tokens).where(
            refresh_tokens.c.token_hash == token_hash).with_for_update()).mappings().first()

    def mark_replaced(self, token_hash: str, now: datetime) -> None:
        self._session.execute(sa.update(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash)
                              .values(replaced_at=now))

    def revoke_family(self, family_id: uuid.UUID, now: datetime) -> None:
        self._session.execute(sa.update(refresh_tokens).where(
            refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None)).values(revoked_at=now))
