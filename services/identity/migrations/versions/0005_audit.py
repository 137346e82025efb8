"""The hash-chained audit log, append-only in the database too.

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Even a faulty handler cannot rewrite history; an operator who disables the trigger can,
# and that is what verifying the hash chain detects.
REFUSE_CHANGES = ("""
CREATE FUNCTION security_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$""", """
CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON security_events
    FOR EACH ROW EXECUTE FUNCTION security_events_append_only()""", """
CREATE TRIGGER security_events_no_truncate BEFORE TRUNCATE ON security_events
    FOR EACH STATEMENT EXECUTE FUNCTION security_events_append_only()""")


def upgrade() -> None:
    op.create_table(
        "security_events",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("actor_id", sa.String(200)),
        sa.Column("organisation_id", sa.String(200)),
        sa.Column("subject", sa.String(500)),
        sa.Column("details", postgresql.JSONB(), nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False))
    op.create_index("ix_security_events_action_seq", "security_events", ["action", "seq"])
    op.create_index("ix_security_events_actor_id_seq", "security_events", ["actor_id", "seq"])
    op.create_index("ix_security_events_organisation_id_seq", "security_events", ["organisation_id", "seq"])
    op.create_index("ix_security_events_occurred_at", "security_events", ["occurred_at"])
    for statement in REFUSE_CHANGES:
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("security_events")  # its triggers go with it
    op.execute("DROP FUNCTION security_events_append_only()")
