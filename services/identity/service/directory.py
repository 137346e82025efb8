"""Searching the public directory of suppliers."""
from __future__ import annotations

from services.identity.domain.directory import DirectoryQuery, ListedSupplier


def search(query: DirectoryQuery, limit: int, uow) -> list[ListedSupplier]:
    with uow:
        return uow.organisations.directory(query, limit)
