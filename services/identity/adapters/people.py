"""Users, memberships and refresh tokens in PostgreSQL."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.identity.adapters.tables.people import memberships, refresh_tokens, users
from services.identity.domain.people import Membership, User


class PeopleRepository:
    def __init__(self, session: Session):
        self._session = session
        self.seen: list[User] = []

    def add_user(self, user: User) -> bool:
        """False when the e-mail address is already registered."""
        inserted = self._session.execute(
            insert(users).values(id=user.id, email=user.email, name=user.name,
                                 password_hash=user.password_hash, created_at=user.created_at)
            .on_conflict_do_nothing().returning(users.c.id)).first()
        if inserted is not None:
            self.seen.append(user)
        return inserted is not None

    def user_by_email(self, email: str) -> User | None:
        row = self._session.execute(sa.select(users).where(
            sa.func.lower(users.c.email) == email.lower())).mappings().first()
        return self._track(User(**row)) if row else None

    def user(self, user_id: uuid.UUID) -> User | None:
        row = self._session.execute(sa.select(users).where(users.c.id == user_id)).mappings().first()
        return self._track(User(**row)) if row else None

    def add_membership(self, membership: Membership) -> None:
        self._session.execute(sa.insert(memberships).values(
            user_id=membership.user_id, organisation_id=membership.organisation_id, roles=list(membership.roles)))

    def memberships_of(self, user_id: uuid.UUID) -> list[Membership]:
        rows = self._session.execute(sa.select(memberships).where(memberships.c.user_id == user_id)
                                     .order_by(memberships.c.organisation_id)).mappings()
        return [Membership(row["user_id"], row["organisation_id"], tuple(row["roles"])) for row in rows]

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

    def _track(self, user: User) -> User:
        self.seen.append(user)
        return user
