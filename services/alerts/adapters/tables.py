"""The alerts database."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData()

published_notices = sa.Table(
    "published_notices", metadata,
    sa.Column("notice_id", sa.Uuid, primary_key=True),
    sa.Column("buyer_id", sa.Uuid, nullable=False),
    sa.Column("title", JSONB, nullable=False),
    sa.Column("cpv_code", sa.String(10), nullable=False),
    sa.Column("submission_deadline", sa.DateTime(timezone=True)),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("event_id", sa.String(200), nullable=False),
    sa.Index("published_notices_order", sa.text("published_at DESC"), sa.text("notice_id DESC")),
)
