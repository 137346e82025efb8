"""Published notices as heard by alerts, with the outbox and inbox.

Revision ID: 0001
"""
from alembic import op

from procure.events.tables import create_event_tables
from services.alerts.adapters.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    metadata.create_all(op.get_bind())
    create_event_tables(op)


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
    op.drop_table("inbox")
    op.drop_table("outbox")
