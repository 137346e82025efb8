"""People: e-mail verification, lock-out, password reset, second factor, invitations.

Revision ID: 0003
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("users", sa.Column("email_verified_at", _MOMENT))
    op.add_column("users", sa.Column("totp_secret", sa.String(300)))
    op.add_column("users", sa.Column("totp_enabled_at", _MOMENT))
    op.add_column("users", sa.Column("totp_last_step", sa.BigInteger()))
    op.create_table(
        "login_throttles",
        sa.Column("email_key", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _MOMENT),
        sa.Column("locked_until", _MOMENT))
    op.create_table(
        "invitations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("organisation_id", sa.Uuid(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("roles", postgresql.ARRAY(sa.String(40)), nullable=False),
        sa.Column("invited_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("expires_at", _MOMENT, nullable=False),
        sa.Column("accepted_at", _MOMENT),
        sa.Column("revoked_at", _MOMENT))
    op.create_index("invitations_by_organisation", "invitations", ["organisation_id", "created_at", "id"])
    op.create_table(
        "account_links",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("purpose", sa.String(30), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("sealed_url", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id")),
        sa.Column("invitation_id", sa.Uuid(), sa.ForeignKey("invitations.id")),
        sa.Column("expires_at", _MOMENT, nullable=False))


def downgrade() -> None:
    for table in ("account_links", "invitations", "login_throttles"):
        op.drop_table(table)
    for column in ("totp_last_step", "totp_enabled_at", "totp_secret", "email_verified_at"):
        op.drop_column("users", column)
