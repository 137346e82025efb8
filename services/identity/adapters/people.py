"""Users, memberships, refresh tokens and log-in throttles in PostgreSQL."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.identity.adapters.links import AccountLinkStore
from services.identity.adapters.tables.people import login_throttles, memberships, refresh_tokens, users
from services.identity.domain.accounts import LoginThrottle
from services.identity.domain.members import Member
from services.identity.domain.people import Membership, User

_USER_COLUMNS = ("email", "name", "password_hash", "created_at", "email_verified_at", "totp_secret",
                 "totp_enabled_at", "totp_last_step")


class PeopleRepository(AccountLinkStore):
    def __init__(self, session: Session):
        self._session = session
        self.seen: list[User] = []

    def add_user(self, user: User) -> bool:
        """False when the e-mail address is already registered."""
        inserted = self._session.execute(
            insert(users).values(id=user.id, **{name: getattr(user, name) for name in _USER_COLUMNS})
            .on_conflict_do_nothing().returning(users.c.id)).first()
        if inserted is not None:
            self.seen.append(user)
        return inserted is not None

    def save_user(self, user: User) -> None:
        self._session.execute(sa.update(users).where(users.c.id == user.id).values(
            **{name: getattr(user, name) for name in _USER_COLUMNS}))

    def user_by_email(self, email: str) -> User | None:
        row = self._session.execute(sa.select(users).where(
            sa.func.lower(users.c.email) == email.lower())).mappings().first()
        return self._track(User(**row)) if row else None

    def user(self, user_id: uuid.UUID, *, for_update: bool = False) -> User | None:
        query = sa.select(users).where(users.c.id == user_id)
        row = self._session.execute(query.with_for_update() if for_update else query).mappings().first()
        return self._track(User(**row)) if row else None

    def add_membership(self, membership: Membership) -> None:
        self._session.execute(sa.insert(memberships).values(
            user_id=membership.user_id, organisation_id=membership.organisation_id, roles=list(membership.roles)))

    def memberships_of(self, user_id: uuid.UUID) -> list[Membership]:
        rows = self._session.execute(sa.select(memberships).where(memberships.c.user_id == user_id)
                                     .order_by(memberships.c.organisation_id)).mappings()
        return [Membership(row["user_id"], row["organisation_id"], tuple(row["roles"])) for row in rows]

    def memberships_in(self, organisation_id: uuid.UUID) -> list[Membership]:
        """Every membership of the organisation, locked: role changes there take turns."""
        rows = self._session.execute(sa.select(memberships).where(
            memberships.c.organisation_id == organisation_id).order_by(memberships.c.user_id)
            .with_for_update()).mappings()
        return [Membership(row["user_id"], row["organisation_id"], tuple(row["roles"])) for row in rows]

    def members_of(self, organisation_id: uuid.UUID, after: uuid.UUID | None, limit: int) -> list[Member]:
        query = (sa.select(users, memberships.c.roles).join(memberships, memberships.c.user_id == users.c.id)
                 .where(memberships.c.organisation_id == organisation_id).order_by(users.c.id).limit(limit))
        if after is not None:
            query = query.where(users.c.id > after)
        return [Member(user_id=row["id"], email=row["email"], name=row["name"], roles=tuple(row["roles"]),
                       email_verified=row["email_verified_at"] is not None,
                       second_factor=row["totp_enabled_at"] is not None)
                for row in self._session.execute(query).mappings()]

    def set_roles(self, membership: Membership) -> None:
        self._session.execute(sa.update(memberships).where(
            memberships.c.user_id == membership.user_id,
            memberships.c.organisation_id == membership.organisation_id).values(roles=list(membership.roles)))

    def remove_membership(self, user_id: uuid.UUID, organisation_id: uuid.UUID) -> None:
        self._session.execute(sa.delete(memberships).where(
            memberships.c.user_id == user_id, memberships.c.organisation_id == organisation_id))

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

    def revoke_refresh_tokens_of(self, user_id: uuid.UUID, now: datetime,
                                 organisation_id: uuid.UUID | None = None) -> None:
        """Every live session of the user, or only those for one organisation."""
        query = sa.update(refresh_tokens).where(refresh_tokens.c.user_id == user_id,
                                                refresh_tokens.c.revoked_at.is_(None))
        if organisation_id is not None:
            query = query.where(refresh_tokens.c.organisation_id == organisation_id)
        self._session.execute(query.values(revoked_at=now))

    def login_throttle(self, email_key: str) -> LoginThrottle | None:
        row = self._session.execute(sa.select(login_throttles).where(
            login_throttles.c.email_key == email_key)).mappings().first()
        return LoginThrottle(row["failures"], row["next_attempt_at"], row["locked_until"]) if row else None

    def count_login_failure(self, email_key: str) -> int:
        """Adds one failure atomically (concurrent attempts each count) and answers the new count."""
        statement = insert(login_throttles).values(email_key=email_key, failures=1)
        statement = statement.on_conflict_do_update(
            index_elements=[login_throttles.c.email_key],
            set_={"failures": login_throttles.c.failures + 1}).returning(login_throttles.c.failures)
        return self._session.execute(statement).scalar_one()

    def hold_logins(self, email_key: str, throttle: LoginThrottle) -> None:
        self._session.execute(sa.update(login_throttles).where(login_throttles.c.email_key == email_key).values(
            failures=throttle.failures, next_attempt_at=throttle.next_attempt_at,
            locked_until=throttle.locked_until))

    def clear_login_throttle(self, email_key: str) -> None:
        self._session.execute(sa.delete(login_throttles).where(login_throttles.c.email_key == email_key))

    def _track(self, user: User) -> User:
        self.seen.append(user)
        return user
