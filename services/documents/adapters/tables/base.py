"""The metadata every table of the documents database is declared on."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
