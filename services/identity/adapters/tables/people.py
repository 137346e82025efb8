"""Users, their memberships of organisations, their refresh tokens, log-in throttles, e-mailed links."""
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
    sa.Column("email_verified_at", sa.DateTime(timezone=True)),
    sa.Column("totp_secret", sa.String(300)),  # sealed (see adapters/sealing.py)
    sa.Column("totp_enabled_at", sa.DateTime(timezone=True)),
    sa.Column("totp_last_step", sa.BigInteger),
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

# Keyed by a digest of the e-mail address tried, whether or not it has an account.
login_throttles = sa.Table(
    "login_throttles", metadata,
    sa.Column("email_key", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
)

invitations = sa.Table(
    "invitations", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("organisation_id", sa.Uuid, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("roles", ARRAY(sa.String(40)), nullable=False),
    sa.Column("invited_by", sa.Uuid, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("accepted_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Index("invitations_by_organisation", "organisation_id", "created_at", "id"),
)

# A link lives until it is used or superseded; expired rows are swept when the next one is made.
account_links = sa.Table(
    "account_links", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("purpose", sa.String(30), nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("sealed_url", sa.Text, nullable=False),  # for the mailer only, sealed at rest
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id")),
    sa.Column("invitation_id", sa.Uuid, sa.ForeignKey("invitations.id")),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)
