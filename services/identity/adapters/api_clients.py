"""Back-office API clients in PostgreSQL (secrets stored hashed)."""
from __future__ import annotations

from sqlalchemy.orm import Session


class ApiClientRepository:
    def __init__(self, session: Session):
        self._session = session
