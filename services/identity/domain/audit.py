"""Security events as the audit log records them.

Every handler that logs someone in, changes a role, creates an API client, rotates a key,
changes the trust list or validates a signature records one through `uow.audit.record(...)`,
in the same transaction as the change. `details` never holds a password, secret or token.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable


@dataclass(frozen=True)
class SecurityEvent:
    action: str                      # e.g. "login.succeeded", "membership.changed", "trust.ca-added"
    occurred_at: datetime
    actor_id: str | None = None      # the user or API client acting; None when anonymous
    organisation_id: str | None = None
    subject: str | None = None       # what the action was about: a user id, a kid, a CA fingerprint...
    details: dict = field(default_factory=dict)


GENESIS_HASH = "0" * 64  # what the first link points back to


@dataclass(frozen=True)
class AuditLink:
    """One row of the chain: an event, its place, and the hashes that tie it to the link before."""

    seq: int
    event: SecurityEvent
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class ChainVerdict:
    intact: bool
    links: int
    first_broken_link: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class SecurityEventFilter:
    """Which events a reader asks for, newest first; `before_seq` continues a page."""

    action: str | None = None
    actor_id: str | None = None
    organisation_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_seq: int | None = None
    limit: int = 50


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive time is taken as UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def normalised_details(details: dict) -> dict:
    """The details as JSON gives them back (ids and times as strings), so that the hash survives storage."""
    return _without_nul(json.loads(json.dumps(details, default=_as_text, allow_nan=False)))


def storable_text(value: str | None, limit: int) -> str | None:
    """PostgreSQL text holds no NUL character: a login attempt with one in its e-mail is still recorded."""
    return None if value is None else value.replace("\x00", "\ufffd")[:limit]


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def _as_text(value) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def canonical_form(seq: int, event: SecurityEvent) -> str:
    """The one serialisation of a link that its hash covers: sorted keys, no spaces, UTC microseconds."""
    return json.dumps({
        "seq": seq, "occurred_at": utc(event.occurred_at).isoformat(timespec="microseconds"),
        "action": event.action, "actor_id": event.actor_id, "organisation_id": event.organisation_id,
        "subject": event.subject, "details": event.details,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_as_text)


def link_hash(previous_hash: str, seq: int, event: SecurityEvent) -> str:
    return hashlib.sha256((previous_hash + canonical_form(seq, event)).encode()).hexdigest()


def verify_chain(links: Iterable[AuditLink]) -> ChainVerdict:
    """Walks the links in order of `seq` and names the first one that does not follow from the one before."""
    expected_seq, previous_hash, count = 1, GENESIS_HASH, 0
    for link in links:
        broken = _first_fault(link, expected_seq, previous_hash)
        if broken is not None:
            return ChainVerdict(intact=False, links=count, first_broken_link=broken[0], reason=broken[1])
        expected_seq, previous_hash, count = link.seq + 1, link.hash, count + 1
    return ChainVerdict(intact=True, links=count)


def _first_fault(link: AuditLink, expected_seq: int, previous_hash: str) -> tuple[int, str] | None:
    if link.seq > expected_seq:
        return expected_seq, f"link {expected_seq} is missing: the chain goes on at link {link.seq}"
    if link.seq < expected_seq:
        return link.seq, f"link {link.seq} appears out of order or twice"
    if link.previous_hash != previous_hash:
        return link.seq, "it does not point at the hash of the link before it"
    if link.hash != link_hash(previous_hash, link.seq, link.event):
        return link.seq, "its content does not match its hash: it was changed after it was written"
    return None
