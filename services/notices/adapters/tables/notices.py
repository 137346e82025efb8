"""The `notices` table: the content as `jsonb`, plus the columns searches and feeds filter on.

The derived columns (codes, prefixes, languages, value, flags, deadlines) are written by the
repository from `content` on every insert and update, never on their own.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from services.notices.adapters.tables.base import metadata

notices = sa.Table(
    "notices", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("buyer_id", sa.Uuid, nullable=False, index=True),
    sa.Column("notice_type", sa.String(30), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("procedure", sa.String(40), nullable=False),
    sa.Column("contract_nature", sa.String(20), nullable=False),
    sa.Column("title", JSONB, nullable=False),
    sa.Column("description", JSONB, nullable=False),
    sa.Column("content", JSONB, nullable=False),
    sa.Column("cpv_code", sa.String(10), nullable=False),
    sa.Column("cpv_codes", ARRAY(sa.Text), nullable=False),
    sa.Column("cpv_prefixes", ARRAY(sa.Text), nullable=False),
    sa.Column("nuts_codes", ARRAY(sa.Text), nullable=False),
    sa.Column("nuts_prefixes", ARRAY(sa.Text), nullable=False),
    sa.Column("languages", ARRAY(sa.Text), nullable=False),
    sa.Column("estimated_value", sa.Numeric(20, 2)),
    sa.Column("currency", sa.String(3)),
    sa.Column("above_threshold", sa.Boolean),
    sa.Column("green", sa.Boolean, nullable=False),
    sa.Column("social", sa.Boolean, nullable=False),
    sa.Column("innovation", sa.Boolean, nullable=False),
    sa.Column("submission_deadline", sa.DateTime(timezone=True)),
    sa.Column("questions_deadline", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True)),
    sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("related_notice_id", sa.Uuid),
    sa.Column("cancellation_reason", sa.Text),
    sa.Column("idempotency_key", sa.String(200)),
    sa.UniqueConstraint("buyer_id", "idempotency_key", name="notices_idempotency"),
    sa.Index("notices_published_order", sa.text("published_at DESC"), sa.text("id DESC"),
             postgresql_where=sa.text("published_at IS NOT NULL")),
    sa.Index("notices_cpv_prefixes", "cpv_prefixes", postgresql_using="gin"),
    sa.Index("notices_nuts_prefixes", "nuts_prefixes", postgresql_using="gin"),
    sa.Index("notices_status_deadline", "status", "submission_deadline"),
    sa.Index("notices_buyer_modified", "buyer_id", "modified_at"),
    sa.Index("notices_modified_order", "modified_at", "id"),
)
