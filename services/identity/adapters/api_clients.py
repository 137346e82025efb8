"""Back-office API clients in PostgreSQL (secrets stored hashed)."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.identity.adapters.tables.clients import api_clients
from services.identity.domain.api_clients import ApiClient


class ApiClientRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, client: ApiClient) -> None:
        self._session.execute(sa.insert(api_clients).values(**_row(client)))

    def get(self, client_id: uuid.UUID, *, for_update: bool = False) -> ApiClient | None:
        query = sa.select(api_clients).where(api_clients.c.id == client_id)
        row = self._session.execute(query.with_for_update() if for_update else query).mappings().first()
        return _client(row) if row else None

    def save(self, client: ApiClient) -> None:
        """Writes what may change: the secret, its rotation time, the revocation."""
        self._session.execute(sa.update(api_clients).where(api_clients.c.id == client.id).values(
            secret_hash=client.secret_hash, secret_rotated_at=client.secret_rotated_at,
            revoked_at=client.revoked_at))

    def page(self, organisation_id: uuid.UUID, limit: int,
             after: tuple[datetime, uuid.UUID] | None = None) -> list[ApiClient]:
        """The organisation's clients, newest first, after the keyset position `after`."""
        query = sa.select(api_clients).where(api_clients.c.organisation_id == organisation_id)
        if after is not None:
            query = query.where(sa.tuple_(api_clients.c.created_at, api_clients.c.id) < sa.tuple_(*after))
        rows = self._session.execute(query.order_by(api_clients.c.created_at.desc(), api_clients.c.id.desc())
                                     .limit(limit)).mappings()
        return [_client(row) for row in rows]


def _row(client: ApiClient) -> dict:
    return {"id": client.id, "organisation_id": client.organisation_id, "name": client.name,
            "scopes": list(client.scopes), "secret_hash": client.secret_hash, "created_at": client.created_at,
            "created_by": client.created_by, "secret_rotated_at": client.secret_rotated_at,
            "revoked_at": client.revoked_at}


def _client(row) -> ApiClient:
    return ApiClient(**{**row, "scopes": tuple(row["scopes"])})
