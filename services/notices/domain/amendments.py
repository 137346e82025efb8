"""Amendments of a published notice: what changed, whether it is significant, and the deadline it then needs.

An amendment is the corrigendum: it replaces the content and leaves a revision, an RFC 6902 JSON
Patch from the content before to the content after, so that applying every revision's patch in
order to the first published content gives the current one.

A significant amendment (lots, award criteria, or dates other than a later submission and opening),
or any amendment made less than `window_days` before the submission deadline, gives tenderers
time to react: it must move the submission deadline at least `minimum_extension_days` later.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jsonpatch

from procure.errors import Conflict, InvalidInput
from services.notices.domain.content import NoticeContent, content_to_json
from services.notices.domain.events import NoticeAmended
from services.notices.domain.notice import Notice, NoticeStatus

SIGNIFICANT_FIELDS = ("lots", "award_criteria")
OTHER_DATES = ("questions", "requests_to_participate")
LATER_IS_REMEDY = ("submission", "opening")


@dataclass(frozen=True)
class AmendmentPolicy:
    window_days: int = 6
    minimum_extension_days: int = 6


@dataclass(frozen=True)
class Revision:
    notice_id: uuid.UUID
    number: int
    version: int  # the notice's version once amended
    patch: list  # RFC 6902 operations from the previous content to this one
    reason: str
    author: str
    created_at: datetime
    changed_fields: tuple[str, ...]
    significant: bool


def changed_fields(before: dict, after: dict) -> tuple[str, ...]:
    return tuple(sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name)))


def is_significant(before: NoticeContent, after: NoticeContent, changed: tuple[str, ...]) -> bool:
    if any(name in changed for name in SIGNIFICANT_FIELDS):
        return True
    old, new = before.deadlines, after.deadlines
    if any(getattr(old, name) != getattr(new, name) for name in OTHER_DATES):
        return True
    # Moving submission (and opening with it) later is the remedy; moving either earlier or removing it is not.
    return any(_earlier(getattr(old, name), getattr(new, name)) for name in LATER_IS_REMEDY)


def _earlier(old: datetime | None, new: datetime | None) -> bool:
    return old is not None and (new is None or new < old)


def check_extension(policy: AmendmentPolicy, before: NoticeContent, after: NoticeContent, *,
                    significant: bool, now: datetime) -> None:
    """InvalidInput quoting the rule when the amendment needs a later submission deadline than it gives."""
    deadline = before.deadlines.submission
    if deadline is None:
        return  # nothing to extend: a prior information notice takes no tenders
    late = now > deadline - timedelta(days=policy.window_days)
    if not (significant or late):
        return
    required = deadline + timedelta(days=policy.minimum_extension_days)
    given = after.deadlines.submission
    if given is not None and given >= required:
        return
    why = "it is significant (lots, award criteria or dates changed)" if significant else (
        f"it is made less than {policy.window_days} days before the submission deadline")
    raise InvalidInput(
        "The amendment breaks the extension rule; see `errors`.",
        errors={"deadlines.submission": [
            f"An amendment that is significant or made less than {policy.window_days} days before the submission "
            f"deadline extends that deadline by at least {policy.minimum_extension_days} days. This one must, "
            f"because {why}: move the submission deadline to {required.isoformat()} or later."]})


def ensure_amendable(notice: Notice, now: datetime) -> None:
    """Only a published notice still open for tenders changes, and only by amendment."""
    if notice.status is not NoticeStatus.PUBLISHED:
        raise Conflict(f"A {notice.status.value} notice cannot be amended; only a published one can.")
    deadline = notice.content.deadlines.submission
    if deadline is not None and now >= deadline:
        raise Conflict("The submission deadline has passed; the notice can no longer be amended.")


def amend(notice: Notice, after: NoticeContent, *, reason: str, author: str, now: datetime,
          number: int, policy: AmendmentPolicy) -> Revision:
    """Replaces a published notice's content (already checked by the publication rules) and returns the revision."""
    ensure_amendable(notice, now)
    before_json, after_json = content_to_json(notice.content), content_to_json(after)
    changed = changed_fields(before_json, after_json)
    if not changed:
        raise InvalidInput("The amendment changes nothing.", errors={"changes": ["Change at least one field."]})
    significant = is_significant(notice.content, after, changed)
    check_extension(policy, notice.content, after, significant=significant, now=now)
    notice.content = after
    notice.touch(now)
    revision = Revision(notice_id=notice.id, number=number, version=notice.version,
                        patch=jsonpatch.make_patch(before_json, after_json).patch, reason=reason, author=author,
                        created_at=now, changed_fields=changed, significant=significant)
    notice.events.append(NoticeAmended(
        id=notice.id, buyer_id=notice.buyer_id, revision=number, version=notice.version, reason=reason,
        changed_fields=list(changed), significant=significant, deadlines=after_json["deadlines"], amended_at=now))
    return revision
