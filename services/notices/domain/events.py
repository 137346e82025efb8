"""Facts the notices service publishes on `notices.events`."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.events.model import Event


@dataclass(frozen=True)
class NoticeDrafted(Event):
    type = "notice.drafted"
    id: uuid.UUID
    buyer_id: uuid.UUID
    title: dict


@dataclass(frozen=True)
class NoticePublished(Event):
    type = "notice.published"
    id: uuid.UUID
    buyer_id: uuid.UUID
    title: dict
    cpv_code: str
    submission_deadline: datetime
    published_at: datetime
