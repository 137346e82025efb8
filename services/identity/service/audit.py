"""Reading the audit log, verifying its chain, and what operators do outside the API."""
from __future__ import annotations

from datetime import datetime

from services.identity.domain.audit import AuditLink, ChainVerdict, SecurityEvent, SecurityEventFilter, verify_chain


def list_security_events(query: SecurityEventFilter, uow) -> list[AuditLink]:
    """Up to `query.limit + 1` events, newest first: the extra one tells that a next page exists."""
    with uow:
        return uow.audit.page(query)


def verify_audit_chain(uow) -> ChainVerdict:
    """Walks the whole chain from its first link; the log is streamed, never held in memory."""
    with uow:
        return verify_chain(uow.audit.links())


def record_key_rotation(new_kid: str, activates_at: datetime, replaced_kid: str | None, retired: list[str],
                        uow, now: datetime) -> None:
    """`procure keys rotate` leaves its trace in the log: the key published, the one it replaces, those retired."""
    with uow:
        uow.audit.record(SecurityEvent(
            action="signing-key.rotated", occurred_at=now, subject=new_kid,
            details={"activates_at": activates_at.isoformat(), "replaces": replaced_kid, "retired": retired}))
        uow.commit()
