"""Clarification questions about notices and their answers.

Revision ID: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice_questions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("notice_id", sa.Uuid(), sa.ForeignKey("notices.id", ondelete="CASCADE"), nullable=False),
        sa.Column("buyer_id", sa.Uuid(), nullable=False),
        sa.Column("asker_organisation", sa.Uuid(), nullable=False),
        sa.Column("asked_by", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("answer", sa.Text()),
        sa.Column("answered_by", sa.String(100)),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
        sa.Column("idempotency_key", sa.String(200)),
        sa.UniqueConstraint("asker_organisation", "idempotency_key", name="notice_questions_idempotency"))
    op.create_index("notice_questions_by_notice", "notice_questions", ["notice_id", "status", "asked_at", "id"])
    op.create_index("notice_questions_by_asker", "notice_questions", ["asker_organisation", "asked_at", "id"])
    op.create_index("notice_questions_pending_by_buyer", "notice_questions", ["buyer_id", "asked_at", "id"],
                    postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    op.drop_index("notice_questions_pending_by_buyer", table_name="notice_questions")
    op.drop_index("notice_questions_by_asker", table_name="notice_questions")
    op.drop_index("notice_questions_by_notice", table_name="notice_questions")
    op.drop_table("notice_questions")
