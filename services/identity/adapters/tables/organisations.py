"""Buyers and suppliers."""
import sqlalchemy as sa

from services.identity.adapters.tables.base import metadata

organisations = sa.Table(
    "organisations", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
