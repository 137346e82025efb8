"""A published notice may have no submission deadline (a prior information notice).

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("published_notices", "submission_deadline", existing_type=sa.DateTime(timezone=True),
                    nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM published_notices WHERE submission_deadline IS NULL")
    op.alter_column("published_notices", "submission_deadline", existing_type=sa.DateTime(timezone=True),
                    nullable=False)
