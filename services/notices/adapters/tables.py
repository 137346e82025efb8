"""The notices database."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData()

notices = sa.Table(
    "notices", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("buyer_id", sa.Uuid, nullable=False, index=True),
    sa.Column("title", JSONB, nullable=False),
    sa.Column("cpv_code", sa.String(10), nullable=False),
    sa.Column("submission_deadline", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True)),
    sa.Column("idempotency_key", sa.String(200)),
    sa.UniqueConstraint("buyer_id", "idempotency_key", name="notices_idempotency"),
    sa.Index("notices_published_order", sa.text("published_at DESC"), sa.text("id DESC"),
             postgresql_where=sa.text("published_at IS NOT NULL")),
)
