"""Revisions of amended notices: `notice_revisions`.

Revision ID: 0006
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice_revisions",
        sa.Column("notice_id", sa.Uuid(), sa.ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("patch", JSONB(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_fields", ARRAY(sa.Text()), nullable=False),
        sa.Column("significant", sa.Boolean(), nullable=False))


def downgrade() -> None:
    op.drop_table("notice_revisions")
