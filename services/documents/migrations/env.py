from alembic import context

from procure.migrations import run_env
from services.documents.adapters.tables import metadata

run_env(context, metadata)
