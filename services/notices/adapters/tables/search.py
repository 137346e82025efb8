"""The full-text side of the notices: one search vector per notice, kept by a trigger.

`notice_search_vector(title, description)` (migration 0003) builds it from every language of
the title (weight A) and description (weight B): each text stemmed with its language's
configuration where PostgreSQL has one, and once more with `simple` so that a search in no
particular language still finds the words as written. The trigger `notice_search_refresh`
writes it on every insert and on every change of the title or description.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR

from services.notices.adapters.tables.base import metadata
from services.notices.adapters.tables.notices import notices

notice_search = sa.Table(
    "notice_search", metadata,
    sa.Column("notice_id", sa.Uuid, sa.ForeignKey(notices.c.id, ondelete="CASCADE"), primary_key=True),
    sa.Column("search_vector", TSVECTOR, nullable=False),
    sa.Index("notice_search_words", "search_vector", postgresql_using="gin"),
)
