"""Loads and saves notices; optimistic concurrency on `version`.

The columns searches and feeds filter on are derived from `content` here, on every write,
so they can never drift from what the notice says.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from procure.codelists import cpv
from procure.database import hold_idempotency_key
from procure.errors import PreconditionFailed
from services.notices.adapters.tables.notices import notices
from services.notices.domain.content import (all_cpv_codes, all_nuts_codes, content_from_json, content_to_json,
                                              languages, total_estimated_value)
from services.notices.domain.notice import Notice, NoticeStatus, NoticeType

_FIELDS = ("id", "buyer_id", "created_by", "created_at", "version", "published_at", "modified_at",
           "related_notice_id", "cancellation_reason", "above_threshold")


class NoticeRepository:
    def __init__(self, session: Session):
        self._session = session
        self.seen: list[Notice] = []  # the unit of work collects their events

    def add(self, notice: Notice, idempotency_key: str | None = None) -> None:
        self._session.execute(sa.insert(notices).values(**notice_columns(notice), idempotency_key=idempotency_key))
        self.seen.append(notice)

    def get(self, notice_id: uuid.UUID, *, for_update: bool = False) -> Notice | None:
        query = sa.select(notices).where(notices.c.id == notice_id)
        if for_update:
            query = query.with_for_update()
        row = self._session.execute(query).mappings().first()
        return notice_from_row(row) if row else None

    def by_idempotency_key(self, buyer_id: uuid.UUID, key: str) -> Notice | None:
        hold_idempotency_key(self._session, f"notice:{buyer_id}", key)
        row = self._session.execute(sa.select(notices).where(
            notices.c.buyer_id == buyer_id, notices.c.idempotency_key == key)).mappings().first()
        return notice_from_row(row) if row else None

    def save(self, notice: Notice, previous_version: int) -> None:
        updated = self._session.execute(
            sa.update(notices).where(notices.c.id == notice.id, notices.c.version == previous_version)
            .values(**notice_columns(notice)))
        if updated.rowcount != 1:
            raise PreconditionFailed("The notice changed meanwhile; read it again.")
        self.seen.append(notice)


def notice_columns(notice: Notice) -> dict:
    """Every column of a notice's row, the derived ones computed from its content."""
    content = notice.content
    cpv_codes = all_cpv_codes(content)
    nuts_codes = all_nuts_codes(content)
    value = total_estimated_value(content)
    return {
        **{name: getattr(notice, name) for name in _FIELDS},
        "notice_type": notice.notice_type.value, "status": notice.status.value,
        "procedure": content.procedure, "contract_nature": content.contract_nature,
        "title": dict(content.title), "description": dict(content.description),
        "content": content_to_json(content), "cpv_code": content.cpv_code,
        "cpv_codes": cpv_codes, "cpv_prefixes": cpv_prefixes(cpv_codes),
        "nuts_codes": nuts_codes, "nuts_prefixes": nuts_prefixes(nuts_codes),
        "languages": languages(content),
        "estimated_value": None if value is None else value.amount,
        "currency": None if value is None else value.currency,
        "green": content.sustainability.green, "social": content.sustainability.social,
        "innovation": content.sustainability.innovation,
        "submission_deadline": content.deadlines.submission, "questions_deadline": content.deadlines.questions,
    }


def cpv_prefixes(codes: list[str]) -> list[str]:
    """Every prefix of 2 to 8 significant digits of each code: a division finds its whole subtree."""
    return sorted({prefix for code in codes for prefix in cpv.prefixes(code)})


def nuts_prefixes(codes: list[str]) -> list[str]:
    return sorted({code[:length] for code in codes for length in range(2, len(code) + 1)})


def notice_from_row(row) -> Notice:
    return Notice(**{name: row[name] for name in _FIELDS}, notice_type=NoticeType(row["notice_type"]),
                  status=NoticeStatus(row["status"]), content=content_from_json(row["content"]))
