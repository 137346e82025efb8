"""What notices does with `bids.events`: the opening of tenders and the award decision move the notice on.

Both facts name the notice in `data.notice_id`; `award.decided` says in `data.outcome` whether the
contract was `awarded` or the procedure ended `unsuccessful` (no tender, or none acceptable).
"""
from __future__ import annotations

import logging
import uuid
from typing import Callable

from procure.errors import NotFound
from procure.events.consumer import EventHandlers
from procure.events.envelope import Envelope
from services.notices.service import lifecycle
from services.notices.service.handlers import Clock, utc_now

QUEUE = "notices.bids"
EXCHANGE = "bids.events"
log = logging.getLogger("services.notices.consumers.bids")


def bids_handlers(uow_factory: Callable, clock: Clock = utc_now) -> EventHandlers:
    return (EventHandlers(queue=QUEUE, uow_factory=uow_factory)
            .on(EXCHANGE, "bids.opened", lambda envelope, uow: tenders_opened(envelope, uow, clock))
            .on(EXCHANGE, "award.decided", lambda envelope, uow: award_decided(envelope, uow, clock)))


def tenders_opened(envelope: Envelope, uow, clock: Clock = utc_now) -> None:
    _for_notice(envelope, lambda notice_id: lifecycle.record_opening(notice_id, uow, clock))


def award_decided(envelope: Envelope, uow, clock: Clock = utc_now) -> None:
    outcome = envelope.data.get("outcome", "awarded")
    record = lifecycle.record_unsuccessful if outcome == "unsuccessful" else lifecycle.record_award
    _for_notice(envelope, lambda notice_id: record(notice_id, uow, clock))


def _for_notice(envelope: Envelope, apply: Callable[[uuid.UUID], object]) -> None:
    try:
        notice_id = uuid.UUID(str(envelope.data["notice_id"]))
    except (KeyError, ValueError):
        log.warning("%s %s names no notice; ignored", envelope.type, envelope.id)
        return
    try:
        apply(notice_id)
    except NotFound:
        # A procedure run without a notice here (e.g. negotiated without publication) has nothing to move.
        log.info("%s %s is about no notice of this service; ignored", envelope.type, envelope.id)
