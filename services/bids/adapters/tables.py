"""The bids database (its own tables arrive with the bids issue; the outbox and inbox are the kit's)."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
