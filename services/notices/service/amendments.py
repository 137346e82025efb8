"""Amending a published notice, and listing its revisions."""
from __future__ import annotations

import dataclasses
import uuid
from typing import Callable

from procure.errors import NotFound
from services.notices.domain.amendments import AmendmentPolicy, Revision, amend, ensure_amendable
from services.notices.domain.commands import AmendNotice
from services.notices.domain.content import NoticeContent, content_to_json
from services.notices.domain.notice import Notice
from services.notices.domain.rules import PublicationRules
from services.notices.service.handlers import Clock, _checked, _is_published_pin, _owned, merge_patch, utc_now


def amend_notice(command: AmendNotice, uow, clock: Clock = utc_now, rules: PublicationRules = PublicationRules(),
                 policy: AmendmentPolicy = AmendmentPolicy(), parse: Callable[[dict], dict] = dict
                 ) -> tuple[Notice, Revision]:
    """`parse` checks the shape of the amended content (the API's schema) before the domain checks it."""
    with uow:
        notice = _owned(uow, command.notice_id, command.organisation, command.expected_version)
        now = clock()
        ensure_amendable(notice, now)
        merged = parse(merge_patch(content_to_json(notice.content), command.merge_patch))
        content, above = _as_published(notice, _checked(merged, notice.notice_type), rules, uow)
        revision = amend(notice, content, reason=command.reason, author=command.author, now=now,
                         number=uow.revisions.last_number(notice.id) + 1, policy=policy)
        notice.above_threshold = above
        uow.revisions.add(revision)
        uow.notices.save(notice, command.expected_version)
        uow.commit()
        return notice, revision


def _as_published(notice: Notice, content: NoticeContent, rules: PublicationRules, uow
                  ) -> tuple[NoticeContent, bool | None]:
    """The amended content under the rules of publication, its time limits counted from the publication."""
    after_pin = notice.related_notice_id is not None and _is_published_pin(uow, notice)
    return rules.resolve(dataclasses.replace(notice, content=content, events=[]), notice.published_at,
                         after_prior_information=after_pin)


def list_revisions(notice_id: uuid.UUID, organisation: str | None, uow, *, limit: int,
                   after_number: int = 0) -> tuple[list[Revision], bool]:
    """A page of revisions (`limit + 1` read to tell whether more follow) and whether the caller is the buyer."""
    with uow:
        notice = uow.notices.get(notice_id)
        if notice is None or not notice.visible_to(organisation):
            raise NotFound("No such notice.")
        return uow.revisions.page(notice_id, limit + 1, after_number), notice.owned_by(organisation)
