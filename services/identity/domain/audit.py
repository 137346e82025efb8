"""Security events as the audit log records them.

Every handler that logs someone in, changes a role, creates an API client, rotates a key,
changes the trust list or validates a signature records one through `uow.audit.record(...)`,
in the same transaction as the change. `details` never holds a password, secret or token.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SecurityEvent:
    action: str                      # e.g. "login.succeeded", "membership.changed", "trust.ca-added"
    occurred_at: datetime
    actor_id: str | None = None      # the user or API client acting; None when anonymous
    organisation_id: str | None = None
    subject: str | None = None       # what the action was about: a user id, a kid, a CA fingerprint...
    details: dict = field(default_factory=dict)
