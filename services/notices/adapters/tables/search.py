"""The search side of the notices: one narrow row per notice, kept by a trigger.

`notice_search_vector(title, description)` (migration 0003) builds the vector from every
language of the title (weight A) and description (weight B): each text stemmed with its
language's configuration where PostgreSQL has one, and once more with `simple` so that a search
in no particular language still finds the words as written.

Next to the vector the row copies every column a search filters or sorts on, so that words,
CPV and NUTS prefixes combine on this one table's indexes (a BitmapAnd over narrow rows) and
facets count here too; `notices` is read only for the rows of the page shown. The trigger
`notice_search_refresh` writes the row on every insert and every change of those columns.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

from services.notices.adapters.tables.base import metadata
from services.notices.adapters.tables.notices import notices

# The columns of `notices` copied as they are (migration 0003 lists the same names for its trigger).
COPIED = ("status", "buyer_id", "procedure", "contract_nature", "cpv_code", "cpv_prefixes", "nuts_prefixes",
          "languages", "estimated_value", "currency", "above_threshold", "green", "social", "innovation",
          "submission_deadline", "published_at")

notice_search = sa.Table(
    "notice_search", metadata,
    sa.Column("notice_id", sa.Uuid, sa.ForeignKey(notices.c.id, ondelete="CASCADE"), primary_key=True),
    sa.Column("search_vector", TSVECTOR, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("buyer_id", sa.Uuid, nullable=False),
    sa.Column("procedure", sa.String(40), nullable=False),
    sa.Column("contract_nature", sa.String(20), nullable=False),
    sa.Column("cpv_code", sa.String(10), nullable=False),
    sa.Column("cpv_prefixes", ARRAY(sa.Text), nullable=False),
    sa.Column("nuts_prefixes", ARRAY(sa.Text), nullable=False),
    sa.Column("languages", ARRAY(sa.Text), nullable=False),
    sa.Column("estimated_value", sa.Numeric(20, 2)),
    sa.Column("currency", sa.String(3)),
    sa.Column("above_threshold", sa.Boolean),
    sa.Column("green", sa.Boolean, nullable=False),
    sa.Column("social", sa.Boolean, nullable=False),
    sa.Column("innovation", sa.Boolean, nullable=False),
    sa.Column("submission_deadline", sa.DateTime(timezone=True)),
    sa.Column("published_at", sa.DateTime(timezone=True)),
    sa.Index("notice_search_words", "search_vector", postgresql_using="gin"),
    sa.Index("notice_search_cpv_prefixes", "cpv_prefixes", postgresql_using="gin"),
    sa.Index("notice_search_nuts_prefixes", "nuts_prefixes", postgresql_using="gin"),
    sa.Index("notice_search_buyer", "buyer_id"),
    sa.Index("notice_search_published_order", sa.text("published_at DESC"), sa.text("notice_id DESC")),
    sa.Index("notice_search_deadline_order", sa.text("coalesce(submission_deadline, 'infinity'::timestamptz)"),
             "notice_id"),
)
