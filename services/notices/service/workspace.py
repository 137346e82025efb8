"""A buyer organisation's workspace: its notices, drafts included, shared by its agents; cloning a notice."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from procure.errors import Conflict, Forbidden, NotFound
from services.notices.domain.commands import CloneNotice
from services.notices.domain.content import Deadlines
from services.notices.domain.notice import DRAFTABLE_TYPES, Notice
from services.notices.service.handlers import Clock, utc_now


@dataclass(frozen=True)
class WorkspaceNotice:
    notice: Notice
    pending_questions: int


@dataclass(frozen=True)
class WorkspacePage:
    items: list[WorkspaceNotice]
    more: bool


def workspace_notices(buyer_id: uuid.UUID, statuses: tuple[str, ...], limit: int, after, uow) -> WorkspacePage:
    with uow:
        found = uow.workspace.notices_of(buyer_id, statuses=statuses, limit=limit + 1, after=after)
        return WorkspacePage([WorkspaceNotice(notice, pending) for notice, pending in found[:limit]],
                             len(found) > limit)


def clone_notice(command: CloneNotice, uow, clock: Clock = utc_now) -> tuple[Notice, bool]:
    """A new draft with the content of one of the organisation's notices, its deadlines cleared: the new
    procedure's dates are the buyer's to choose. Returns the draft and whether it was created now."""
    with uow:
        original = uow.notices.get(command.notice_id)
        if original is None or not original.visible_to(command.organisation):
            raise NotFound("No such notice.")
        if not original.owned_by(command.organisation):
            raise Forbidden("Only the buyer's organisation can clone its notice.")
        if command.idempotency_key:
            earlier = uow.notices.by_idempotency_key(original.buyer_id, command.idempotency_key)
            if earlier is not None:
                return earlier, False
        if original.notice_type not in DRAFTABLE_TYPES:
            raise Conflict(f"A {original.notice_type.value} notice is produced by the service; "
                           "clone the notice it is about instead.")
        clone = Notice.draft(buyer_id=original.buyer_id, notice_type=original.notice_type,
                             content=replace(original.content, deadlines=Deadlines()),
                             created_by=command.created_by, now=clock())
        uow.notices.add(clone, command.idempotency_key)
        uow.commit()
        return clone, True
