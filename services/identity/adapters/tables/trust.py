"""Accepted certification authorities, trusted lists, their services and CRLs."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from services.identity.adapters.tables.base import metadata

trusted_list_sources = sa.Table(
    "trusted_list_sources", metadata,
    sa.Column("territory", sa.String(2), primary_key=True),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("signing_certificates", JSONB, nullable=False),   # base64 DER, as configured out of band
    sa.Column("origin", sa.String(20), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

trusted_lists = sa.Table(
    "trusted_lists", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("territory", sa.String(2), sa.ForeignKey("trusted_list_sources.territory"), nullable=False),
    sa.Column("operator", sa.Text, nullable=False),
    sa.Column("sequence_number", sa.Integer, nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("next_update", sa.DateTime(timezone=True)),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("trusted_lists_territory", "territory", "imported_at"),
)

trust_services = sa.Table(
    "trust_services", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("trusted_list_id", sa.Uuid, sa.ForeignKey("trusted_lists.id"), nullable=False, index=True),
    sa.Column("provider", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("service_type", sa.String(300), nullable=False),
    sa.Column("status", sa.String(300), nullable=False),
    sa.Column("status_starting_time", sa.DateTime(timezone=True), nullable=False),
    sa.Column("history", JSONB, nullable=False),
    sa.Column("certificates", JSONB, nullable=False),           # [{fingerprint, subject}]
)

certification_authorities = sa.Table(
    "certification_authorities", metadata,
    sa.Column("fingerprint", sa.String(64), primary_key=True),
    sa.Column("certificate", sa.LargeBinary, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("label", sa.String(300), nullable=False),
    sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
    sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("territory", sa.String(2), sa.ForeignKey("trusted_list_sources.territory")),
    sa.Column("service_type", sa.String(300)),
    sa.Column("service_status", sa.String(300)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("certification_authorities_listing", "created_at", "fingerprint"),
)

revocation_lists = sa.Table(
    "revocation_lists", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("authority", sa.String(64), sa.ForeignKey("certification_authorities.fingerprint"),
              nullable=False, index=True),
    sa.Column("crl", sa.LargeBinary, nullable=False),
    sa.Column("this_update", sa.DateTime(timezone=True), nullable=False),
    sa.Column("next_update", sa.DateTime(timezone=True)),
    sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
)
