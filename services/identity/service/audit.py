"""Reading the audit log and verifying its chain."""
from __future__ import annotations

from services.identity.domain.audit import AuditLink, ChainVerdict, SecurityEventFilter, verify_chain


def list_security_events(query: SecurityEventFilter, uow) -> list[AuditLink]:
    """Up to `query.limit + 1` events, newest first: the extra one tells that a next page exists."""
    with uow:
        return uow.audit.page(query)


def verify_audit_chain(uow) -> ChainVerdict:
    """Walks the whole chain from its first link; the log is streamed, never held in memory."""
    with uow:
        return verify_chain(uow.audit.links())
