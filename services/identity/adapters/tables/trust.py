"""Accepted certification authorities, trusted lists, their services and CRLs."""
import sqlalchemy as sa  # noqa: F401

from services.identity.adapters.tables.base import metadata  # noqa: F401
