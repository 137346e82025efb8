"""Documents, their versions, the download register; the outbox and inbox of the documents service.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

from procure.events.tables import create_event_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_event_tables(op)
    op.create_table(
        "documents",
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
    )
    op.create_index("documents_by_owner", "documents", ["owner_type", "owner_id"])
    op.create_table(
        "document_versions",
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
    )
    op.create_index("document_versions_pending", "document_versions", ["expires_at"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_table(
        "document_downloads",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("document_id", sa.Uuid, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("user_subject", sa.String(200)),
        sa.Column("organisation", sa.Uuid),
        sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("document_downloads_by_document", "document_downloads", ["document_id", "downloaded_at"])


def downgrade() -> None:
    op.drop_table("document_downloads")
    op.drop_table("document_versions")
    op.drop_table("documents")
    op.drop_table("inbox")
    op.drop_table("outbox")
