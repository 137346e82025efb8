"""API clients of back-office systems (client-credentials grant)."""
import sqlalchemy as sa  # noqa: F401

from services.identity.adapters.tables.base import metadata  # noqa: F401
