"""The identity database: one metadata, one module of tables per area."""
from services.identity.adapters.tables import audit, clients, organisations, people, trust  # noqa: F401
from services.identity.adapters.tables.base import metadata

__all__ = ["metadata"]
