"""Buyers, suppliers and the platform operator, with the public directory's indexes."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from services.identity.adapters.tables.base import metadata

organisations = sa.Table(
    "organisations", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("identifier_scheme", sa.String(20)),
    sa.Column("identifier_value", sa.String(40)),
    sa.Column("nuts", sa.String(5)),
    sa.Column("address", JSONB),
    sa.Column("contact", JSONB),
    sa.Column("buyer_legal_type", sa.String(40)),
    sa.Column("vat_number", sa.String(40)),
    sa.Column("size", sa.String(10)),
    sa.Column("cpv_codes", ARRAY(sa.String(10)), nullable=False, server_default="{}"),
    # Every prefix of every activity code (45, 452, 4521...): a CPV prefix filter is one GIN lookup.
    sa.Column("cpv_prefixes", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("directory_listed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("directory_description", JSONB, nullable=False, server_default="{}"),
    sa.Column("website", sa.String(300)),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Index("organisations_identifier", "identifier_scheme", "identifier_value", unique=True),
    sa.Index("organisations_created", "created_at", "id"),
    # The directory lists opted-in suppliers only, ordered by name.
    sa.Index("directory_by_name", "name", "id", postgresql_where=sa.text("directory_listed")),
    sa.Index("directory_by_nuts", "nuts", postgresql_ops={"nuts": "text_pattern_ops"},
             postgresql_where=sa.text("directory_listed")),
    sa.Index("directory_by_cpv", "cpv_prefixes", postgresql_using="gin",
             postgresql_where=sa.text("directory_listed")),
    sa.Index("directory_by_words", sa.func.to_tsvector(sa.literal_column("'simple'"), sa.column("name")),
             postgresql_using="gin", postgresql_where=sa.text("directory_listed")),
)
