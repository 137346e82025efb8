"""Lifecycle handlers: the buyer cancels; the bids service's facts open, award or end a procedure.

The `record_*` handlers run inside a consumer's unit of work (see services.notices.consumers.bids).
"""
from __future__ import annotations

import uuid
from typing import Callable

from procure.errors import NotFound
from services.notices.domain import lifecycle
from services.notices.domain.commands import CancelNotice
from services.notices.domain.notice import Notice, NoticeStatus
from services.notices.service.handlers import Clock, _owned, utc_now


def cancel_notice(command: CancelNotice, uow, clock: Clock = utc_now) -> Notice:
    with uow:
        notice = _owned(uow, command.notice_id, command.organisation, command.expected_version)
        lifecycle.cancel(notice, command.reason, clock())
        uow.notices.save(notice, command.expected_version)
        uow.commit()
        return notice


def record_opening(notice_id: uuid.UUID, uow, clock: Clock = utc_now) -> Notice:
    return _apply(notice_id, lifecycle.open_tenders, NoticeStatus.OPENED, uow, clock)


def record_award(notice_id: uuid.UUID, uow, clock: Clock = utc_now) -> Notice:
    return _apply(notice_id, lifecycle.award, NoticeStatus.AWARDED, uow, clock)


def record_unsuccessful(notice_id: uuid.UUID, uow, clock: Clock = utc_now) -> Notice:
    return _apply(notice_id, lifecycle.end_unsuccessful, NoticeStatus.UNSUCCESSFUL, uow, clock)


def _apply(notice_id: uuid.UUID, transition: Callable, reached: NoticeStatus, uow, clock: Clock) -> Notice:
    """Runs inside the consumer's unit of work, which commits it with the inbox entry.

    A notice already in the state reached is left as it is: the same fact delivered again."""
    notice = uow.notices.get(notice_id, for_update=True)
    if notice is None:
        raise NotFound("No such notice.")
    if notice.status is reached:
        return notice
    previous = notice.version
    transition(notice, clock())
    uow.notices.save(notice, previous)
    return notice
