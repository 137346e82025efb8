"""What a buyer asks the notices service to do."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class DraftNotice:
    buyer_id: uuid.UUID
    title: dict[str, str]
    cpv_code: str
    submission_deadline: datetime
    created_by: str
    idempotency_key: str | None = None


@dataclass(frozen=True)
class PublishNotice:
    notice_id: uuid.UUID
    organisation: str | None
    expected_version: int
