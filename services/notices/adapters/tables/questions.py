"""Clarification questions about notices and their answers.

`asker_organisation` lets an organisation find its own questions; no read for anyone else selects it.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.notices.adapters.tables.base import metadata
from services.notices.adapters.tables.notices import notices

notice_questions = sa.Table(
    "notice_questions", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("notice_id", sa.Uuid, sa.ForeignKey(notices.c.id, ondelete="CASCADE"), nullable=False),
    sa.Column("buyer_id", sa.Uuid, nullable=False),
    sa.Column("asker_organisation", sa.Uuid, nullable=False),
    sa.Column("asked_by", sa.String(100), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("answer", sa.Text),
    sa.Column("answered_by", sa.String(100)),
    sa.Column("answered_at", sa.DateTime(timezone=True)),
    sa.Column("idempotency_key", sa.String(200)),
    sa.UniqueConstraint("asker_organisation", "idempotency_key", name="notice_questions_idempotency"),
    sa.Index("notice_questions_by_notice", "notice_id", "status", "asked_at", "id"),
    sa.Index("notice_questions_by_asker", "asker_organisation", "asked_at", "id"),
    sa.Index("notice_questions_pending_by_buyer", "buyer_id", "asked_at", "id",
             postgresql_where=sa.text("status = 'pending'")),
)
