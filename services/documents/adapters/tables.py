"""The documents database (its own tables arrive with the documents issue; the outbox and inbox are the kit's)."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
