"""A valid notice body, for every test that needs one; change what the test is about with `**changes`."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def valid_draft_body(*, now: datetime | None = None, days: int = 40, **changes) -> dict:
    """A contract notice for an open procedure of a local authority, below the EU threshold, publishable
    `now` (default: the present) with its submission deadline `days` later. Top-level keys in `changes`
    replace the body's own."""
    now = now or datetime.now(timezone.utc)
    submission = now + timedelta(days=days)
    body = {
        "notice_type": "contract",
        "title": {"fr": "Rénovation de l'école Jules Ferry", "en": "Renovation of the Jules Ferry school"},
        "description": {"fr": "Travaux de rénovation énergétique.", "en": "Energy renovation works."},
        "contract_nature": "works",
        "procedure": "open",
        "buyer_legal_type": "la",
        "cpv_code": "45000000-7",
        "additional_cpv_codes": ["45233141-9"],
        "nuts_codes": ["FRC11"],
        "estimated_value": {"amount": "850000.00", "currency": "EUR"},
        "lots": [{"id": "LOT-0001", "title": {"fr": "Isolation", "en": "Insulation"},
                  "description": {"fr": "Isolation des combles"}, "cpv_code": "45321000-3",
                  "nuts_codes": ["FRC11"], "estimated_value": {"amount": "850000.00", "currency": "EUR"},
                  "award_criteria": []}],
        "award_criteria": [{"type": "price", "name": {"fr": "Prix"}, "weight": "60"},
                           {"type": "quality", "name": {"fr": "Valeur technique"}, "weight": "40"}],
        "sustainability": {"green": True, "social": False, "innovation": False, "gpp_criteria": ["eu"]},
        "variants_allowed": False,
        "submission_languages": ["fr"],
        "electronic_submission": True,
        "esignature_required": None,
        "urgency": None,
        "deadlines": {"questions": rfc3339(submission - timedelta(days=10)), "submission": rfc3339(submission),
                      "opening": rfc3339(submission + timedelta(hours=1)), "requests_to_participate": None},
        "market_consultation": None,
    }
    body.update(copy.deepcopy(changes))
    return body


def published_event(*, now: datetime, buyer_id, **changes):
    """The `notice.published` event of a valid notice published `now` (for consumers' tests)."""
    import uuid

    from services.notices.domain.content import content_from_json
    from services.notices.domain.notice import Notice, NoticeType
    body = valid_draft_body(now=now, **changes)
    notice = Notice.draft(buyer_id=uuid.UUID(str(buyer_id)), notice_type=NoticeType(body.pop("notice_type")),
                          content=content_from_json(body), created_by="user-1", now=now)
    notice.publish(notice.content, now, above_threshold=False)
    return notice.events[-1]
