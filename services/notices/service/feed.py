"""Reading the change feed (services.notices.adapters.feed explains its watermark)."""
from __future__ import annotations

from services.notices.domain.feed import BEGINNING, ChangePage, FeedPosition


def read_changes(after: FeedPosition | None, limit: int, uow) -> ChangePage:
    """The next `limit` changes after `after`; the page's position is where the next read continues."""
    with uow:
        changes = uow.changes.after(after, limit + 1)
    page = changes[:limit]
    position = page[-1].position if page else (after or BEGINNING)
    return ChangePage(changes=page, next_position=position, more=len(changes) > limit)
