"""Accepted certification authorities, trusted lists, CRLs.

Revision ID: 0004
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "trusted_list_sources",
        sa.Column("territory", sa.String(2), primary_key=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("signing_certificates", JSONB, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        _moment("created_at"))
    op.create_table(
        "trusted_lists",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("territory", sa.String(2), sa.ForeignKey("trusted_list_sources.territory"), nullable=False),
        sa.Column("operator", sa.Text, nullable=False),
        sa.Column("sequence_number", sa.Integer, nullable=False),
        _moment("issued_at"), _moment("next_update", nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        _moment("imported_at"))
    op.create_index("trusted_lists_territory", "trusted_lists", ["territory", "imported_at"])
    op.create_table(
        "trust_services",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("trusted_list_id", sa.Uuid, sa.ForeignKey("trusted_lists.id"), nullable=False),
        sa.Column("provider", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("service_type", sa.String(300), nullable=False),
        sa.Column("status", sa.String(300), nullable=False),
        _moment("status_starting_time"),
        sa.Column("history", JSONB, nullable=False),
        sa.Column("certificates", JSONB, nullable=False))
    op.create_index("ix_trust_services_trusted_list_id", "trust_services", ["trusted_list_id"])
    op.create_table(
        "certification_authorities",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("certificate", sa.LargeBinary, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        _moment("not_before"), _moment("not_after"),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("territory", sa.String(2), sa.ForeignKey("trusted_list_sources.territory")),
        sa.Column("service_type", sa.String(300)),
        sa.Column("service_status", sa.String(300)),
        _moment("created_at"))
    op.create_index("certification_authorities_listing", "certification_authorities", ["created_at", "fingerprint"])
    op.create_table(
        "revocation_lists",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("authority", sa.String(64), sa.ForeignKey("certification_authorities.fingerprint"),
                  nullable=False),
        sa.Column("crl", sa.LargeBinary, nullable=False),
        _moment("this_update"), _moment("next_update", nullable=True), _moment("uploaded_at"))
    op.create_index("ix_revocation_lists_authority", "revocation_lists", ["authority"])


def downgrade() -> None:
    op.drop_table("revocation_lists")
    op.drop_table("certification_authorities")
    op.drop_table("trust_services")
    op.drop_table("trusted_lists")
    op.drop_table("trusted_list_sources")
