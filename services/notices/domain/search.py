"""The public search over published notices: what a search asks for and what it answers.

Drafts are never searched: every status a search may ask for is a public one. Pages are
keysets on the sort key and the notice id, so a page never shifts when notices are added.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from services.notices.domain.notice import NoticeStatus

PUBLIC_STATUSES = tuple(status.value for status in NoticeStatus if status is not NoticeStatus.DRAFT)
FACETS = ("cpv_division", "nuts2", "procedure")


class SearchOrder(str, Enum):
    RELEVANCE = "relevance"  # best match first, needs words to match
    DEADLINE = "deadline"  # soonest submission deadline first, notices without one last
    PUBLISHED = "published"  # newest first


@dataclass(frozen=True)
class NoticeSearch:
    """Every filter is optional; lists match any of their values; an empty search lists every public notice."""

    words: str | None = None
    words_language: str = "simple"  # two-letter code whose text search configuration parses `words`
    cpv_prefixes: tuple[str, ...] = ()  # significant digits, 2 to 8
    nuts_prefixes: tuple[str, ...] = ()
    buyer_id: uuid.UUID | None = None
    procedures: tuple[str, ...] = ()
    natures: tuple[str, ...] = ()
    statuses: tuple[str, ...] = PUBLIC_STATUSES
    deadline_from: datetime | None = None
    deadline_to: datetime | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    value_min: Decimal | None = None
    value_max: Decimal | None = None
    currency: str | None = None
    green: bool | None = None
    social: bool | None = None
    innovation: bool | None = None
    above_threshold: bool | None = None
    language: str | None = None  # notices written in this language
    order: SearchOrder = SearchOrder.PUBLISHED
    limit: int = 20
    after: tuple | None = None  # (sort key, id) of the last notice of the previous page

    def __post_init__(self):
        if not set(self.statuses) <= set(PUBLIC_STATUSES):
            raise ValueError("A search covers public statuses only.")
        if self.order is SearchOrder.RELEVANCE and not self.words:
            raise ValueError("Relevance needs words to match.")


@dataclass(frozen=True)
class FoundNotice:
    id: uuid.UUID
    buyer_id: uuid.UUID
    notice_type: str
    status: str
    title: dict[str, str]
    description: dict[str, str]
    procedure: str
    contract_nature: str
    cpv_code: str
    nuts_codes: tuple[str, ...]
    estimated_value: Decimal | None
    currency: str | None
    submission_deadline: datetime | None
    published_at: datetime | None
    rank: float | None = None

    def position(self, order: SearchOrder) -> tuple:
        """The keyset position a next page starts after."""
        key = {SearchOrder.RELEVANCE: self.rank, SearchOrder.DEADLINE: self.submission_deadline,
               SearchOrder.PUBLISHED: self.published_at}[order]
        return key, self.id


@dataclass(frozen=True)
class FacetCount:
    code: str
    count: int
    label: str | None = None


@dataclass(frozen=True)
class SearchPage:
    items: list[FoundNotice]
    next_position: tuple | None
    facets: dict[str, list[FacetCount]] | None = field(default=None)
