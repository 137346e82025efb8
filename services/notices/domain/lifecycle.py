"""Where a notice goes after publication: submission closed, opened, awarded or unsuccessful; cancelled.

Each transition checks the state it starts from, moves the notice, gives it a new version and
records its event on `notice.events`. A transition from the wrong state is a 409 problem naming
both states, so a client (or a retried message) learns why nothing happened.
"""
from __future__ import annotations

from datetime import datetime

from procure.errors import Conflict, InvalidInput
from services.notices.domain.events import (NoticeAwarded, NoticeCancelled, NoticeOpened, NoticeSubmissionClosed,
                                            NoticeUnsuccessful)
from services.notices.domain.notice import Notice, NoticeStatus

# Cancellation is possible from publication until the procedure has an outcome. A draft is not: a cancelled
# notice is public (its reason is published), and a draft was never meant to be.
CANCELLABLE = (NoticeStatus.PUBLISHED, NoticeStatus.SUBMISSION_CLOSED, NoticeStatus.OPENED)
# Without any tender there is nothing to open: a closed procedure can end unsuccessful directly.
MAY_END_UNSUCCESSFUL = (NoticeStatus.SUBMISSION_CLOSED, NoticeStatus.OPENED)


class IllegalTransition(Conflict):
    title, slug = "Illegal transition", "illegal-transition"


def _require(notice: Notice, allowed: tuple[NoticeStatus, ...], target: str) -> None:
    if notice.status not in allowed:
        raise IllegalTransition(
            f"A {notice.status.value} notice cannot become {target}; only a notice that is "
            f"{' or '.join(status.value for status in allowed)} can.",
            current_status=notice.status.value)


def is_due_for_closing(notice: Notice, now: datetime) -> bool:
    deadline = notice.content.deadlines.submission
    return notice.status is NoticeStatus.PUBLISHED and deadline is not None and deadline <= now


def close_submission(notice: Notice, now: datetime) -> None:
    """Published -> submission-closed, once the submission deadline has passed."""
    _require(notice, (NoticeStatus.PUBLISHED,), NoticeStatus.SUBMISSION_CLOSED.value)
    if not is_due_for_closing(notice, now):
        raise IllegalTransition("The submission deadline has not passed yet.",
                                submission_deadline=str(notice.content.deadlines.submission))
    _move(notice, NoticeStatus.SUBMISSION_CLOSED, now)
    notice.events.append(NoticeSubmissionClosed(id=notice.id, buyer_id=notice.buyer_id,
                                                submission_deadline=notice.content.deadlines.submission,
                                                closed_at=now))


def open_tenders(notice: Notice, now: datetime) -> None:
    """Submission-closed -> opened."""
    _require(notice, (NoticeStatus.SUBMISSION_CLOSED,), NoticeStatus.OPENED.value)
    _move(notice, NoticeStatus.OPENED, now)
    notice.events.append(NoticeOpened(id=notice.id, buyer_id=notice.buyer_id, opened_at=now))


def award(notice: Notice, now: datetime) -> None:
    """Opened -> awarded."""
    _require(notice, (NoticeStatus.OPENED,), NoticeStatus.AWARDED.value)
    _move(notice, NoticeStatus.AWARDED, now)
    notice.events.append(NoticeAwarded(id=notice.id, buyer_id=notice.buyer_id, awarded_at=now))


def end_unsuccessful(notice: Notice, now: datetime) -> None:
    """Submission-closed or opened -> unsuccessful."""
    _require(notice, MAY_END_UNSUCCESSFUL, NoticeStatus.UNSUCCESSFUL.value)
    _move(notice, NoticeStatus.UNSUCCESSFUL, now)
    notice.events.append(NoticeUnsuccessful(id=notice.id, buyer_id=notice.buyer_id, ended_at=now))


def cancel(notice: Notice, reason: str, now: datetime) -> None:
    """Any state before an outcome -> cancelled, with the reason kept on the notice."""
    if not reason or not reason.strip():
        raise InvalidInput("A cancellation states its reason.", errors={"reason": ["Required."]})
    _require(notice, CANCELLABLE, NoticeStatus.CANCELLED.value)
    previous = notice.status
    _move(notice, NoticeStatus.CANCELLED, now)
    notice.cancellation_reason = reason.strip()
    notice.events.append(NoticeCancelled(id=notice.id, buyer_id=notice.buyer_id, reason=notice.cancellation_reason,
                                         previous_status=previous.value, cancelled_at=now))


def _move(notice: Notice, status: NoticeStatus, now: datetime) -> None:
    notice.status = status
    notice.touch(now)
