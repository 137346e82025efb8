"""Accepted certification authorities, imported trusted lists and CRLs in PostgreSQL."""
from __future__ import annotations

from sqlalchemy.orm import Session


class TrustStore:
    def __init__(self, session: Session):
        self._session = session
