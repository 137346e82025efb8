"""A notice: its type, its content and where it stands in its lifecycle."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from procure.errors import Conflict
from services.notices.domain.content import NoticeContent
from services.notices.domain.events import NoticeDrafted, notice_published


class NoticeType(str, Enum):
    PRIOR_INFORMATION = "prior-information"
    CONTRACT = "contract"
    CONTRACT_AWARD = "contract-award"
    CORRIGENDUM = "corrigendum"


class NoticeStatus(str, Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUBMISSION_CLOSED = "submission-closed"
    OPENED = "opened"
    AWARDED = "awarded"
    UNSUCCESSFUL = "unsuccessful"
    CANCELLED = "cancelled"


# The types a buyer drafts itself; award notices and corrigenda are produced from other facts.
DRAFTABLE_TYPES = (NoticeType.PRIOR_INFORMATION, NoticeType.CONTRACT)


@dataclass
class Notice:
    id: uuid.UUID
    buyer_id: uuid.UUID
    notice_type: NoticeType
    content: NoticeContent
    created_by: str
    created_at: datetime
    modified_at: datetime
    status: NoticeStatus = NoticeStatus.DRAFT
    version: int = 1
    published_at: datetime | None = None
    related_notice_id: uuid.UUID | None = None
    cancellation_reason: str | None = None
    above_threshold: bool | None = None  # decided at publication by the threshold rule
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def draft(cls, *, buyer_id: uuid.UUID, notice_type: NoticeType, content: NoticeContent, created_by: str,
              now: datetime, related_notice_id: uuid.UUID | None = None) -> "Notice":
        notice = cls(id=uuid.uuid4(), buyer_id=buyer_id, notice_type=notice_type, content=content,
                     created_by=created_by, created_at=now, modified_at=now, related_notice_id=related_notice_id)
        notice.events.append(NoticeDrafted(id=notice.id, buyer_id=buyer_id, notice_type=notice_type.value,
                                           title=dict(content.title)))
        return notice

    @property
    def is_draft(self) -> bool:
        return self.status is NoticeStatus.DRAFT

    def edit(self, content: NoticeContent, now: datetime) -> None:
        """Replaces a draft's content; a published notice changes only through an amendment."""
        if not self.is_draft:
            raise Conflict(f"The notice is {self.status.value}; change it with an amendment, not an edit.")
        self.content = content
        self.touch(now)

    def publish(self, content: NoticeContent, now: datetime, *, above_threshold: bool | None) -> None:
        """Publishes a draft with its content as the rules resolved it (see domain.rules)."""
        if not self.is_draft:
            raise Conflict(f"The notice is already {self.status.value}; only a draft can be published.")
        self.content = content
        self.above_threshold = above_threshold
        self.status = NoticeStatus.PUBLISHED
        self.published_at = now
        self.touch(now)
        self.events.append(notice_published(self))

    def touch(self, now: datetime) -> None:
        """Every change gives a new version (the ETag) and a new modification time (the change feed)."""
        self.version += 1
        self.modified_at = now

    def visible_to(self, organisation: str | None) -> bool:
        """Drafts stay inside the buyer's organisation; every other state is public."""
        return not self.is_draft or organisation == str(self.buyer_id)

    def owned_by(self, organisation: str | None) -> bool:
        return organisation == str(self.buyer_id)
