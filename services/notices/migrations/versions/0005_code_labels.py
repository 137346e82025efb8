"""Labels of CPV and NUTS codes per language, for lookups, autocomplete and facets.

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_labels",
        sa.Column("list", sa.Text(), primary_key=True),
        sa.Column("code", sa.Text(collation="C"), primary_key=True),
        sa.Column("language", sa.CHAR(2), primary_key=True),
        sa.Column("label", sa.Text(), nullable=False))
    op.create_index("code_labels_by_words", "code_labels",
                    [sa.text("to_tsvector('simple', label)")], postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("code_labels_by_words", table_name="code_labels")
    op.drop_table("code_labels")
