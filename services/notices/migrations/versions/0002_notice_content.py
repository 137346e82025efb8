"""Notices carry their whole content, its type and the columns searches filter on.

There is no production data yet: existing rows keep their title, CPV code and deadline, move
their title into a minimal `content` and get neutral defaults for the rest.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TEXT_ARRAY = postgresql.ARRAY(sa.Text())
_NEW_COLUMNS = [
    ("notice_type", sa.String(30), "'contract'"),
    ("procedure", sa.String(40), "'open'"),
    ("contract_nature", sa.String(20), "'works'"),
    ("description", postgresql.JSONB(), "'{}'::jsonb"),
    ("content", postgresql.JSONB(), "'{}'::jsonb"),
    ("cpv_codes", TEXT_ARRAY, "'{}'::text[]"),
    ("cpv_prefixes", TEXT_ARRAY, "'{}'::text[]"),
    ("nuts_codes", TEXT_ARRAY, "'{}'::text[]"),
    ("nuts_prefixes", TEXT_ARRAY, "'{}'::text[]"),
    ("languages", TEXT_ARRAY, "'{}'::text[]"),
    ("green", sa.Boolean(), "false"),
    ("social", sa.Boolean(), "false"),
    ("innovation", sa.Boolean(), "false"),
    ("modified_at", sa.DateTime(timezone=True), "now()"),
]
_NULLABLE_COLUMNS = [
    ("estimated_value", sa.Numeric(20, 2)),
    ("currency", sa.String(3)),
    ("above_threshold", sa.Boolean()),
    ("questions_deadline", sa.DateTime(timezone=True)),
    ("related_notice_id", sa.Uuid()),
    ("cancellation_reason", sa.Text()),
]


def upgrade() -> None:
    for name, type_, default in _NEW_COLUMNS:
        op.add_column("notices", sa.Column(name, type_, nullable=False, server_default=sa.text(default)))
    for name, type_ in _NULLABLE_COLUMNS:
        op.add_column("notices", sa.Column(name, type_))
    op.execute("UPDATE notices SET modified_at = coalesce(published_at, created_at), cpv_codes = ARRAY[cpv_code],"
               " content = jsonb_build_object('title', title, 'description', '{}'::jsonb,"
               " 'contract_nature', 'works', 'procedure', 'open', 'cpv_code', cpv_code,"
               " 'deadlines', jsonb_build_object('submission', submission_deadline))")
    for name, _, _ in _NEW_COLUMNS:
        op.alter_column("notices", name, server_default=None)
    op.alter_column("notices", "submission_deadline", nullable=True)
    op.create_index("notices_cpv_prefixes", "notices", ["cpv_prefixes"], postgresql_using="gin")
    op.create_index("notices_nuts_prefixes", "notices", ["nuts_prefixes"], postgresql_using="gin")
    op.create_index("notices_status_deadline", "notices", ["status", "submission_deadline"])
    op.create_index("notices_buyer_modified", "notices", ["buyer_id", "modified_at"])
    op.create_index("notices_modified_order", "notices", ["modified_at", "id"])


def downgrade() -> None:
    for name in ("notices_modified_order", "notices_buyer_modified", "notices_status_deadline",
                 "notices_nuts_prefixes", "notices_cpv_prefixes"):
        op.drop_index(name, table_name="notices")
    op.execute("DELETE FROM notices WHERE submission_deadline IS NULL")
    op.alter_column("notices", "submission_deadline", nullable=False)
    for name, _ in reversed(_NULLABLE_COLUMNS):
        op.drop_column("notices", name)
    for name, _, _ in reversed(_NEW_COLUMNS):
        op.drop_column("notices", name)
