"""The hash-chained audit log of security events."""
import sqlalchemy as sa  # noqa: F401

from services.identity.adapters.tables.base import metadata  # noqa: F401
