"""The outbox and inbox of the documents service.

Revision ID: 0001
"""
from alembic import op

from procure.events.tables import create_event_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_event_tables(op)


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
