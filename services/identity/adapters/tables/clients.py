"""API clients of back-office systems (client-credentials grant)."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from services.identity.adapters.tables.base import metadata

api_clients = sa.Table(
    "api_clients", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("organisation_id", sa.Uuid, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("scopes", ARRAY(sa.String(40)), nullable=False),
    # SHA-256 of the secret, hex; the secret itself is never stored.
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("secret_rotated_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    # Keyset pages of one organisation's clients, newest first.
    sa.Index("api_clients_by_organisation", "organisation_id", "created_at", "id"),
)
