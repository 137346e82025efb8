"""The change feed, as the service sees it: positions in the feed and the changes found there."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, order=True)
class FeedPosition:
    """Where a change sits in the feed: its writing transaction's id, then its sequence number."""

    transaction: int
    sequence: int

    def __post_init__(self):
        if not (0 <= self.transaction < 2 ** 64 and 0 <= self.sequence < 2 ** 63):
            raise ValueError("A feed position holds a 64-bit transaction id and a bigint sequence number.")


BEGINNING = FeedPosition(0, 0)  # before every change: no transaction has id 0


@dataclass(frozen=True)
class NoticeChange:
    """One change of a notice that is not a draft, with the notice as it reads now."""

    position: FeedPosition
    notice_id: uuid.UUID
    status: str
    version: int
    changed_at: datetime
    modified_at: datetime | None
    notice: Mapping[str, Any] | None  # None when the notice is (again) a draft, or gone

    @property
    def change(self) -> int:
        return self.position.sequence


@dataclass(frozen=True)
class ChangePage:
    changes: list[NoticeChange]
    next_position: FeedPosition
    more: bool  # another page is ready now; otherwise the reader is caught up with the watermark
