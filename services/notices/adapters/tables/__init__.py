"""The notices database: one module per area, all on the same `metadata`."""
from services.notices.adapters.tables.base import metadata
from services.notices.adapters.tables.codes import code_labels  # noqa: F401
from services.notices.adapters.tables.feed import notice_changes  # noqa: F401
from services.notices.adapters.tables.notices import notices
from services.notices.adapters.tables.questions import notice_questions  # noqa: F401
from services.notices.adapters.tables.revisions import notice_revisions  # noqa: F401
from services.notices.adapters.tables.search import notice_search  # noqa: F401

__all__ = ["metadata", "notices"]
