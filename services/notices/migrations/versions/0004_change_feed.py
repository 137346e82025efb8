"""The change feed: `notice_changes`, filled by triggers on `notices` for every non-draft change.

The triggers name only `id`, `status` and `version` of `notices`, so later reshaping of that
table leaves them working. An update that changes nothing (`OLD` and `NEW` alike) is no change.

Revision ID: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


class _TransactionId(sa.types.UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **kw) -> str:
        return "XID8"


RECORD_FUNCTION = """
CREATE FUNCTION notice_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notice_changes (notice_id, status, version) VALUES (NEW.id, NEW.status::text, NEW.version);
  RETURN NULL;
END
$$"""

TRIGGERS = [
    """CREATE TRIGGER notice_changes_on_insert AFTER INSERT ON notices FOR EACH ROW
  WHEN (NEW.status::text <> 'draft') EXECUTE FUNCTION notice_changes_record()""",
    """CREATE TRIGGER notice_changes_on_update AFTER UPDATE ON notices FOR EACH ROW
  WHEN (NEW.status::text <> 'draft' AND OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notice_changes_record()""",
]


def upgrade() -> None:
    op.create_table(
        "notice_changes",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.Column("xid", _TransactionId(), nullable=False,
                  server_default=sa.text("pg_current_xact_id()")),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False))
    op.create_index("notice_changes_order", "notice_changes", ["xid", "seq"])
    op.execute(RECORD_FUNCTION)
    for trigger in TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    op.execute("DROP TRIGGER notice_changes_on_update ON notices")
    op.execute("DROP TRIGGER notice_changes_on_insert ON notices")
    op.execute("DROP FUNCTION notice_changes_record()")
    op.drop_index("notice_changes_order", table_name="notice_changes")
    op.drop_table("notice_changes")
