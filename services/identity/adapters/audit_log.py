"""The append-only, hash-chained audit log in PostgreSQL."""
from __future__ import annotations

from sqlalchemy.orm import Session

from services.identity.domain.audit import SecurityEvent


class AuditLog:
    def __init__(self, session: Session):
        self._session = session

    def record(self, event: SecurityEvent) -> None:
        """Appends one link to the chain, in the caller's transaction (the audit work fills this in)."""
