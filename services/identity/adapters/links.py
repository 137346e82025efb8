"""E-mailed single-use links and invitations in PostgreSQL (part of the people repository).

A link's token is stored as its SHA-256 digest, which is what confirming looks up; the whole
URL is also kept, sealed, only so that the mailer can fetch it by delivery id. The row is
deleted when the link is used or superseded, and expired rows are swept whenever a new link
is made, so a URL is never kept past its life.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

from services.identity.adapters.tables.people import account_links, invitations
from services.identity.domain.accounts import AccountLink, LinkPurpose
from services.identity.domain.members import Invitation


class AccountLinkStore:
    _session: sa.orm.Session

    def add_link(self, link: AccountLink, sealed_url: str, now: datetime) -> None:
        """Stores the link; earlier ones for the same purpose and person or invitation stop working."""
        self._session.execute(sa.delete(account_links).where(account_links.c.expires_at <= now))
        same = (account_links.c.invitation_id == link.invitation_id if link.invitation_id
                else account_links.c.user_id == link.user_id)
        self._session.execute(sa.delete(account_links).where(account_links.c.purpose == link.purpose.value, same))
        self._session.execute(sa.insert(account_links).values(
            id=link.id, purpose=link.purpose.value, email=link.email, token_hash=link.token_hash,
            sealed_url=sealed_url, user_id=link.user_id, invitation_id=link.invitation_id,
            expires_at=link.expires_at))

    def link_by_token(self, token_hash: str, purpose: LinkPurpose, now: datetime) -> AccountLink | None:
        """The live link, locked so that it can be used once only."""
        row = self._session.execute(sa.select(account_links).where(
            account_links.c.token_hash == token_hash, account_links.c.purpose == purpose.value,
            account_links.c.expires_at > now).with_for_update()).mappings().first()
        return _link(row) if row else None

    def sealed_link(self, link_id: uuid.UUID, now: datetime) -> tuple[AccountLink, str] | None:
        row = self._session.execute(sa.select(account_links).where(
            account_links.c.id == link_id, account_links.c.expires_at > now)).mappings().first()
        return (_link(row), row["sealed_url"]) if row else None

    def delete_link(self, link_id: uuid.UUID) -> None:
        self._session.execute(sa.delete(account_links).where(account_links.c.id == link_id))

    def delete_links_of_invitation(self, invitation_id: uuid.UUID) -> None:
        self._session.execute(sa.delete(account_links).where(account_links.c.invitation_id == invitation_id))

    def add_invitation(self, invitation: Invitation) -> None:
        self._session.execute(sa.insert(invitations).values(
            id=invitation.id, organisation_id=invitation.organisation_id, email=invitation.email,
            roles=list(invitation.roles), invited_by=invitation.invited_by, created_at=invitation.created_at,
            expires_at=invitation.expires_at))

    def invitation(self, invitation_id: uuid.UUID) -> Invitation | None:
        row = self._session.execute(sa.select(invitations).where(invitations.c.id == invitation_id)
                                    .with_for_update()).mappings().first()
        return _invitation(row) if row else None

    def invitations_of(self, organisation_id: uuid.UUID, now: datetime,
                       after: tuple[datetime, uuid.UUID] | None, limit: int) -> list[Invitation]:
        """Pending invitations, newest first."""
        query = (sa.select(invitations).where(
            invitations.c.organisation_id == organisation_id, invitations.c.accepted_at.is_(None),
            invitations.c.revoked_at.is_(None), invitations.c.expires_at > now)
            .order_by(invitations.c.created_at.desc(), invitations.c.id.desc()).limit(limit))
        if after is not None:
            query = query.where(sa.tuple_(invitations.c.created_at, invitations.c.id) < sa.tuple_(*after))
        return [_invitation(row) for row in self._session.execute(query).mappings()]

    def close_invitation(self, invitation_id: uuid.UUID, *, accepted_at: datetime | None = None,
                         revoked_at: datetime | None = None) -> None:
        self._session.execute(sa.update(invitations).where(invitations.c.id == invitation_id).values(
            accepted_at=accepted_at, revoked_at=revoked_at))
        self.delete_links_of_invitation(invitation_id)


def _link(row) -> AccountLink:
    return AccountLink(id=row["id"], purpose=LinkPurpose(row["purpose"]), email=row["email"],
                       token_hash=row["token_hash"], expires_at=row["expires_at"], user_id=row["user_id"],
                       invitation_id=row["invitation_id"])


def _invitation(row) -> Invitation:
    return Invitation(**{**row, "roles": tuple(row["roles"])})
