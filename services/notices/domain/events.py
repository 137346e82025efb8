"""Facts the notices service publishes on `notices.events`."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.events.model import Event
from services.notices.domain.content import (all_cpv_codes, all_nuts_codes, content_to_json, languages,
                                              total_estimated_value)


@dataclass(frozen=True)
class NoticeDrafted(Event):
    """A buyer started a draft notice; nothing of it is public yet."""
    type = "notice.drafted"
    id: uuid.UUID
    buyer_id: uuid.UUID
    notice_type: str
    title: dict


@dataclass(frozen=True)
class NoticePublished(Event):
    """A notice was published: everything an alert needs to match it, without reading it back."""
    type = "notice.published"
    id: uuid.UUID
    buyer_id: uuid.UUID
    notice_type: str
    title: dict
    description: dict
    procedure: str
    contract_nature: str
    cpv_code: str
    cpv_codes: list
    nuts_codes: list
    estimated_value: dict | None
    above_threshold: bool | None
    esignature_required: bool | None
    green: bool
    social: bool
    innovation: bool
    languages: list
    submission_deadline: datetime | None
    deadlines: dict
    published_at: datetime


def notice_published(notice) -> NoticePublished:
    """The `notice.published` fact of a notice just published."""
    content = notice.content
    value = total_estimated_value(content)
    return NoticePublished(
        id=notice.id, buyer_id=notice.buyer_id, notice_type=notice.notice_type.value, title=dict(content.title),
        description=dict(content.description), procedure=content.procedure,
        contract_nature=content.contract_nature, cpv_code=content.cpv_code, cpv_codes=all_cpv_codes(content),
        nuts_codes=all_nuts_codes(content),
        estimated_value=None if value is None else {"amount": str(value.amount), "currency": value.currency},
        above_threshold=notice.above_threshold, esignature_required=content.esignature_required,
        green=content.sustainability.green, social=content.sustainability.social,
        innovation=content.sustainability.innovation, languages=languages(content),
        submission_deadline=content.deadlines.submission,
        deadlines=content_to_json(content)["deadlines"], published_at=notice.published_at)


@dataclass(frozen=True)
class NoticeSubmissionClosed(Event):
    """The submission deadline passed: the notice takes no more tenders."""
    type = "notice.submission-closed"
    id: uuid.UUID
    buyer_id: uuid.UUID
    submission_deadline: datetime | None
    closed_at: datetime


@dataclass(frozen=True)
class NoticeCancelled(Event):
    """The buyer cancelled the procedure before any award, with its reason."""
    type = "notice.cancelled"
    id: uuid.UUID
    buyer_id: uuid.UUID
    reason: str
    previous_status: str
    cancelled_at: datetime


@dataclass(frozen=True)
class NoticeOpened(Event):
    """The tenders received for the notice were opened."""
    type = "notice.opened"
    id: uuid.UUID
    buyer_id: uuid.UUID
    opened_at: datetime


@dataclass(frozen=True)
class NoticeAwarded(Event):
    """The contract of the notice was awarded."""
    type = "notice.awarded"
    id: uuid.UUID
    buyer_id: uuid.UUID
    awarded_at: datetime


@dataclass(frozen=True)
class NoticeUnsuccessful(Event):
    """The procedure ended without an award (no tender, or none acceptable)."""
    type = "notice.unsuccessful"
    id: uuid.UUID
    buyer_id: uuid.UUID
    ended_at: datetime


@dataclass(frozen=True)
class NoticeAmended(Event):
    """A published notice was amended: which top-level fields changed, whether significantly, its deadlines."""
    type = "notice.amended"
    id: uuid.UUID
    buyer_id: uuid.UUID
    revision: int
    version: int
    reason: str
    changed_fields: list
    significant: bool
    deadlines: dict
    amended_at: datetime


@dataclass(frozen=True)
class QuestionAsked(Event):
    """A supplier asked the buyer a clarification question about a published notice; who asked is never said."""
    type = "notice.question-asked"
    id: uuid.UUID
    notice_id: uuid.UUID
    buyer_id: uuid.UUID
    text: str
    asked_at: datetime


@dataclass(frozen=True)
class QuestionAnswered(Event):
    """The buyer answered a clarification question: the question and its answer are now public."""
    type = "notice.question-answered"
    id: uuid.UUID
    notice_id: uuid.UUID
    buyer_id: uuid.UUID
    question: str
    answer: str
    asked_at: datetime
    answered_at: datetime
