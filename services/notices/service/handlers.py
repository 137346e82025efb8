"""One function per command, each inside a unit of work."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Callable

from procure.errors import Forbidden, NotFound, PreconditionFailed
from services.notices.domain.commands import DraftNotice, PublishNotice
from services.notices.domain.model import Notice

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def draft_notice(command: DraftNotice, uow, clock: Clock = utc_now) -> tuple[Notice, bool]:
    """Returns the notice and whether it was created now (False for a retried request)."""
    with uow:
        if command.idempotency_key:
            earlier = uow.notices.by_idempotency_key(command.buyer_id, command.idempotency_key)
            if earlier is not None:
                return earlier, False
        notice = Notice.draft(buyer_id=command.buyer_id, title=command.title, cpv_code=command.cpv_code,
                              submission_deadline=command.submission_deadline,
                              created_by=command.created_by, now=clock())
        uow.notices.add(notice, command.idempotency_key)
        uow.commit()
        return notice, True


def publish_notice(command: PublishNotice, uow, clock: Clock = utc_now) -> Notice:
    with uow:
        notice = _visible(uow.notices.get(command.notice_id, for_update=True), command.organisation)
        if command.organisation != str(notice.buyer_id):
            raise Forbidden("Only the buyer's organisation can publish its notice.")
        if notice.version != command.expected_version:
            raise PreconditionFailed("The notice changed since you read it; read it again.")
        notice.publish(clock())
        uow.notices.save(notice, command.expected_version)
        uow.commit()
        return notice


def read_notice(notice_id: uuid.UUID, organisation: str | None, uow) -> Notice:
    with uow:
        return _visible(uow.notices.get(notice_id), organisation)


def list_published(limit: int, after, uow) -> list[Notice]:
    with uow:
        return uow.notices.published_page(limit, after)


def _visible(notice: Notice | None, organisation: str | None) -> Notice:
    # An invisible draft answers exactly like a missing notice: its existence is not disclosed.
    if notice is None or not notice.visible_to(organisation):
        raise NotFound("No such notice.")
    return notice
