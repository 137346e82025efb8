"""Notices, with the outbox and inbox.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from procure.events.tables import create_event_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("buyer_id", sa.Uuid(), nullable=False),
        sa.Column("title", postgresql.JSONB(), nullable=False),
        sa.Column("cpv_code", sa.String(10), nullable=False),
        sa.Column("submission_deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("idempotency_key", sa.String(200)),
        sa.UniqueConstraint("buyer_id", "idempotency_key", name="notices_idempotency"))
    op.create_index("ix_notices_buyer_id", "notices", ["buyer_id"])
    op.create_index("notices_published_order", "notices",
                    [sa.literal_column("published_at DESC"), sa.literal_column("id DESC")],
                    postgresql_where=sa.text("published_at IS NOT NULL"))
    create_event_tables(op)


def downgrade() -> None:
    for table in ("notices", "inbox", "outbox"):
        op.drop_table(table)
