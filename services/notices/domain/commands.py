"""What a buyer asks the notices service to do."""
from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class DraftNotice:
    buyer_id: uuid.UUID
    notice_type: str
    content: dict  # the content's JSON form, checked by domain.validation
    created_by: str
    related_notice_id: uuid.UUID | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True)
class EditDraft:
    notice_id: uuid.UUID
    organisation: str | None
    merge_patch: dict  # RFC 7396 JSON merge patch of the content's JSON form
    expected_version: int


@dataclass(frozen=True)
class PublishNotice:
    notice_id: uuid.UUID
    organisation: str | None
    expected_version: int


@dataclass(frozen=True)
class CancelNotice:
    notice_id: uuid.UUID
    organisation: str | None
    reason: str
    expected_version: int


@dataclass(frozen=True)
class AmendNotice:
    notice_id: uuid.UUID
    organisation: str | None
    author: str
    reason: str
    merge_patch: dict  # RFC 7396 JSON merge patch of the content's JSON form
    expected_version: int


@dataclass(frozen=True)
class AskQuestion:
    notice_id: uuid.UUID
    asker_organisation: uuid.UUID
    asked_by: str
    text: str
    idempotency_key: str | None = None


@dataclass(frozen=True)
class AnswerQuestion:
    notice_id: uuid.UUID
    question_id: uuid.UUID
    organisation: str | None
    answered_by: str
    text: str


@dataclass(frozen=True)
class CloneNotice:
    notice_id: uuid.UUID
    organisation: str | None
    created_by: str
    idempotency_key: str | None = None
