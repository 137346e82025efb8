"""Users, their memberships of organisations, and their refresh tokens."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from services.identity.adapters.tables.base import metadata

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("users_email", sa.func.lower(sa.column("email")), unique=True),
)

memberships = sa.Table(
    "memberships", metadata,
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("organisation_id", sa.Uuid, sa.ForeignKey("organisations.id"), primary_key=True),
    sa.Column("roles", ARRAY(sa.String(40)), nullable=False),
)

refresh_tokens = sa.Table(
    "refresh_tokens", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("family_id", sa.Uuid, nullable=False, index=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("organisation_id", sa.Uuid, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("replaced_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)
