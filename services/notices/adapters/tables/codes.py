"""Labels of the CPV and NUTS codes in every language a list carries them in.

Which codes exist and how they nest is the kit's business (procure.codelists); this table only
names them. Codes are compared byte by byte (collation "C"), so that the primary key alone turns
`list = 'cpv' AND code LIKE '452%'` into an index range, already in code order (what text_pattern_ops
would give, without a second index). Labels are found by word through a 'simple' full-text index,
which lower-cases but knows no language's stemming: an autocomplete matches what was typed.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.notices.adapters.tables.base import metadata

code_labels = sa.Table(
    "code_labels", metadata,
    sa.Column("list", sa.Text, primary_key=True),
    sa.Column("code", sa.Text(collation="C"), primary_key=True),
    sa.Column("language", sa.CHAR(2), primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Index("code_labels_by_words", sa.func.to_tsvector(sa.literal_column("'simple'"), sa.column("label")),
             postgresql_using="gin"),
)
