"""Logging out: RFC 7009 token revocation of a refresh token and its whole session."""
from __future__ import annotations

from services.identity.domain.audit import SecurityEvent
from services.identity.domain.commands import RevokeToken
from services.identity.service.clock import utc_now
from services.identity.service.tokens import hash_refresh_token


def revoke(command: RevokeToken, uow, clock=utc_now) -> None:
    """Revokes every refresh token of the session; an unknown or dead token changes nothing.

    RFC 7009 2.2 answers success either way: the caller wants the token unusable, and it is.
    Access tokens are not revoked: they are short-lived and checked offline by every service.
    """
    now = clock()
    with uow:
        stored = uow.people.refresh_token(hash_refresh_token(command.token))
        if stored is None or stored["revoked_at"] is not None:
            return
        uow.people.revoke_family(stored["family_id"], now)
        uow.audit.record(SecurityEvent(
            action="session.revoked", occurred_at=now, actor_id=str(stored["user_id"]),
            organisation_id=str(stored["organisation_id"]), subject=str(stored["user_id"]),
            details={"family_id": str(stored["family_id"])}))
        uow.commit()
