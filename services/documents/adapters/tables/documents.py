"""Documents, their versions, and the register of downloads."""
from __future__ import annotations

import sqlalchemy as sa

from services.documents.adapters.tables.base import metadata

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("owner_type", sa.String(20), nullable=False),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("owner_organisation", sa.Uuid, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("anonymous_download", sa.Boolean, nullable=False),
    sa.Column("current_version", sa.Integer),
    sa.Column("latest_version", sa.Integer, nullable=False),
    sa.Index("documents_by_owner", "owner_type", "owner_id"),
)

document_versions = sa.Table(
    "document_versions", metadata,
    sa.Column("document_id", sa.Uuid, sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("declared_type", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(255)),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("object_key", sa.String(200), nullable=False),
    sa.Column("upload_id", sa.String(1000)),
    sa.Column("part_count", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("uploaded_by", sa.String(200), nullable=False),
    sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("completed_at", sa.DateTime(timezone=True)),
    # The sweeper looks for unfinished uploads past their expiry.
    sa.Index("document_versions_pending", "expires_at", postgresql_where=sa.text("status = 'pending'")),
)

document_downloads = sa.Table(
    "document_downloads", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("document_id", sa.Uuid, sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("user_subject", sa.String(200)),
    sa.Column("organisation", sa.Uuid),
    sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("document_downloads_by_document", "document_id", "downloaded_at"),
)
