"""Notices, with the outbox and inbox.

Revision ID: 0001
"""
from alembic import op

from procure.events.tables import create_event_tables
from services.notices.adapters.tables import notices

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    notices.create(op.get_bind())
    create_event_tables(op)


def downgrade() -> None:
    op.drop_table("notices")
    op.drop_table("inbox")
    op.drop_table("outbox")
