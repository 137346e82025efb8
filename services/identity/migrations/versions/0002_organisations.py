"""Organisation profiles: buyers' and suppliers' details, identifiers, directory.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_LISTED = sa.text("directory_listed")


def upgrade() -> None:
    for column in (
            sa.Column("identifier_scheme", sa.String(20)),
            sa.Column("identifier_value", sa.String(40)),
            sa.Column("nuts", sa.String(5)),
            sa.Column("address", postgresql.JSONB()),
            sa.Column("contact", postgresql.JSONB()),
            sa.Column("buyer_legal_type", sa.String(40)),
            sa.Column("vat_number", sa.String(40)),
            sa.Column("size", sa.String(10)),
            sa.Column("cpv_codes", postgresql.ARRAY(sa.String(10)), nullable=False, server_default="{}"),
            sa.Column("cpv_prefixes", postgresql.ARRAY(sa.Text()), nullable=False, server_default="{}"),
            sa.Column("directory_listed", sa.Boolean(), nullable=False, server_default=sa.false()),
            sa.Column("directory_description", postgresql.JSONB(), nullable=False, server_default="{}"),
            sa.Column("website", sa.String(300)),
            sa.Column("version", sa.Integer(), nullable=False, server_default="1")):
        op.add_column("organisations", column)
    op.create_index("organisations_identifier", "organisations", ["identifier_scheme", "identifier_value"],
                    unique=True)
    op.create_index("organisations_created", "organisations", ["created_at", "id"])
    op.create_index("directory_by_name", "organisations", ["name", "id"], postgresql_where=_LISTED)
    op.create_index("directory_by_nuts", "organisations", ["nuts"], postgresql_ops={"nuts": "text_pattern_ops"},
                    postgresql_where=_LISTED)
    op.create_index("directory_by_cpv", "organisations", ["cpv_prefixes"], postgresql_using="gin",
                    postgresql_where=_LISTED)
    op.create_index("directory_by_words", "organisations", [sa.text("to_tsvector('simple', name)")],
                    postgresql_using="gin", postgresql_where=_LISTED)


def downgrade() -> None:
    for index in ("directory_by_words", "directory_by_cpv", "directory_by_nuts", "directory_by_name",
                  "organisations_created", "organisations_identifier"):
        op.drop_index(index, table_name="organisations")
    for column in ("version", "website", "directory_description", "directory_listed", "cpv_prefixes",
                   "cpv_codes", "size", "vat_number", "buyer_legal_type", "contact", "address", "nuts",
                   "identifier_value", "identifier_scheme"):
        op.drop_column("organisations", column)
