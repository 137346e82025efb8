"""`notice_revisions`: one row per amendment of a published notice, its JSON Patch, who, when and why."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from services.notices.adapters.tables.base import metadata

notice_revisions = sa.Table(
    "notice_revisions", metadata,
    sa.Column("notice_id", sa.Uuid, sa.ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("patch", JSONB, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("changed_fields", ARRAY(sa.Text), nullable=False),
    sa.Column("significant", sa.Boolean, nullable=False),
)
