"""Published notices as heard by alerts, with the outbox and inbox.

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
        "published_notices",
        sa.Column("notice_id", sa.Uuid(), primary_key=True),
        sa.Column("buyer_id", sa.Uuid(), nullable=False),
        sa.Column("title", postgresql.JSONB(), nullable=False),
        sa.Column("cpv_code", sa.String(10), nullable=False),
        sa.Column("submission_deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.String(200), nullable=False))
    op.create_index("published_notices_order", "published_notices",
                    [sa.literal_column("published_at DESC"), sa.literal_column("notice_id DESC")])
    create_event_tables(op)


def downgrade() -> None:
    for table in ("published_notices", "inbox", "outbox"):
        op.drop_table(table)
