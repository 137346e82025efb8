"""One function per command, each inside a unit of work: draft, edit a draft, publish, read."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Callable

from procure.errors import Forbidden, InvalidInput, NotFound, PreconditionFailed
from services.notices.domain.commands import DraftNotice, EditDraft, PublishNotice
from services.notices.domain.content import NoticeContent, content_from_json, content_to_json
from services.notices.domain.notice import DRAFTABLE_TYPES, Notice, NoticeStatus, NoticeType
from services.notices.domain.rules import PublicationRules
from services.notices.domain.validation import check_content

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def draft_notice(command: DraftNotice, uow, clock: Clock = utc_now) -> tuple[Notice, bool]:
    """Returns the notice and whether it was created now (False for a retried request)."""
    notice_type = NoticeType(command.notice_type)
    if notice_type not in DRAFTABLE_TYPES:
        raise InvalidInput("Award notices and corrigenda are produced by the service, not drafted.",
                           errors={"notice_type": [f"Must be one of: {', '.join(t.value for t in DRAFTABLE_TYPES)}."]})
    content = _checked(command.content, notice_type)
    with uow:
        if command.idempotency_key:
            earlier = uow.notices.by_idempotency_key(command.buyer_id, command.idempotency_key)
            if earlier is not None:
                return earlier, False
        if command.related_notice_id is not None:
            _related_prior_information(uow, command.related_notice_id, command.buyer_id)
        notice = Notice.draft(buyer_id=command.buyer_id, notice_type=notice_type, content=content,
                              created_by=command.created_by, now=clock(),
                              related_notice_id=command.related_notice_id)
        uow.notices.add(notice, command.idempotency_key)
        uow.commit()
        return notice, True


def edit_draft(command: EditDraft, uow, clock: Clock = utc_now, parse: Callable[[dict], dict] = dict) -> Notice:
    """`parse` checks the shape of the patched content (the API's schema) before the domain checks it."""
    with uow:
        notice = _owned(uow, command.notice_id, command.organisation, command.expected_version)
        merged = parse(merge_patch(content_to_json(notice.content), command.merge_patch))
        notice.edit(_checked(merged, notice.notice_type), clock())
        uow.notices.save(notice, command.expected_version)
        uow.commit()
        return notice


def publish_notice(command: PublishNotice, uow, clock: Clock = utc_now,
                   rules: PublicationRules = PublicationRules()) -> Notice:
    with uow:
        notice = _owned(uow, command.notice_id, command.organisation, command.expected_version)
        now = clock()
        check_content(notice.content, notice.notice_type)
        after_pin = notice.related_notice_id is not None and _is_published_pin(uow, notice)
        content, above = rules.resolve(notice, now, after_prior_information=after_pin)
        notice.publish(content, now, above_threshold=above)
        uow.notices.save(notice, command.expected_version)
        uow.commit()
        return notice


def read_notice(notice_id: uuid.UUID, organisation: str | None, uow) -> Notice:
    with uow:
        return _visible(uow.notices.get(notice_id), organisation)


def merge_patch(target, patch):
    """RFC 7396 JSON merge patch: objects merge, `null` removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def _checked(data: dict, notice_type: NoticeType) -> NoticeContent:
    try:
        content = content_from_json(data)
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise InvalidInput("The notice's content is incomplete.", errors={"content": [str(error)]}) from None
    check_content(content, notice_type)
    return content


def _owned(uow, notice_id: uuid.UUID, organisation: str | None, expected_version: int) -> Notice:
    notice = _visible(uow.notices.get(notice_id, for_update=True), organisation)
    if not notice.owned_by(organisation):
        raise Forbidden("Only the buyer's organisation can change its notice.")
    if notice.version != expected_version:
        raise PreconditionFailed("The notice changed since you read it; read it again.")
    return notice


def _related_prior_information(uow, related_id: uuid.UUID, buyer_id: uuid.UUID) -> Notice:
    related = uow.notices.get(related_id)
    if related is None or not related.visible_to(str(buyer_id)):
        raise InvalidInput("No such notice.", errors={"related_notice_id": ["No such notice."]})
    return related


def _is_published_pin(uow, notice: Notice) -> bool:
    related = uow.notices.get(notice.related_notice_id)
    return (related is not None and related.notice_type is NoticeType.PRIOR_INFORMATION
            and related.buyer_id == notice.buyer_id and related.status is not NoticeStatus.DRAFT
            and related.status is not NoticeStatus.CANCELLED)


def _visible(notice: Notice | None, organisation: str | None) -> Notice:
    # An invisible draft answers exactly like a missing notice: its existence is not disclosed.
    if notice is None or not notice.visible_to(organisation):
        raise NotFound("No such notice.")
    return notice
