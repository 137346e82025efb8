"""A notice and its lifecycle (the thin slice: draft, then publish)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from procure.errors import Conflict, InvalidInput
from services.notices.domain.events import NoticeDrafted, NoticePublished


class NoticeStatus(str, Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass
class Notice:
    id: uuid.UUID
    buyer_id: uuid.UUID
    title: dict[str, str]
    cpv_code: str
    submission_deadline: datetime
    created_by: str
    created_at: datetime
    status: NoticeStatus = NoticeStatus.DRAFT
    version: int = 1
    published_at: datetime | None = None
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def draft(cls, *, buyer_id: uuid.UUID, title: dict[str, str], cpv_code: str,
              submission_deadline: datetime, created_by: str, now: datetime) -> "Notice":
        _deadline_in_the_future(submission_deadline, now)
        notice = cls(id=uuid.uuid4(), buyer_id=buyer_id, title=dict(title), cpv_code=cpv_code,
                     submission_deadline=submission_deadline, created_by=created_by, created_at=now)
        notice.events.append(NoticeDrafted(id=notice.id, buyer_id=buyer_id, title=notice.title))
        return notice

    def publish(self, now: datetime) -> None:
        if self.status is not NoticeStatus.DRAFT:
            raise Conflict(f"The notice is already {self.status.value}; only a draft can be published.")
        _deadline_in_the_future(self.submission_deadline, now)
        self.status = NoticeStatus.PUBLISHED
        self.published_at = now
        self.version += 1
        self.events.append(NoticePublished(
            id=self.id, buyer_id=self.buyer_id, title=self.title, cpv_code=self.cpv_code,
            submission_deadline=self.submission_deadline, published_at=now))

    def visible_to(self, organisation: str | None) -> bool:
        """Drafts stay inside the buyer's organisation; published notices are public."""
        return self.status is not NoticeStatus.DRAFT or organisation == str(self.buyer_id)


def _deadline_in_the_future(deadline: datetime, now: datetime) -> None:
    if deadline <= now:
        raise InvalidInput("The submission deadline has already passed.",
                           errors={"submission_deadline": ["Must be in the future."]})
