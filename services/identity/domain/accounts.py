"""Rules of one's own account: failed log-ins, e-mailed links, the second factor."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

import pyotp

TOTP_ISSUER = "Procure"


@dataclass(frozen=True)
class AccountRules:
    max_failures: int = 5            # failures in a row that lock the account
    lock_minutes: int = 15
    delay_after: int = 2             # failures allowed before each attempt must wait
    max_delay_seconds: int = 60
    password_reset_minutes: int = 60
    email_verification_hours: int = 48
    invitation_days: int = 7


@dataclass(frozen=True)
class LoginThrottle:
    """Where the attempts on one e-mail address stand; kept whether or not the address has an account."""
    failures: int = 0
    next_attempt_at: datetime | None = None
    locked_until: datetime | None = None

    def refuses_until(self, now: datetime) -> datetime | None:
        waits = [moment for moment in (self.next_attempt_at, self.locked_until) if moment and moment > now]
        return max(waits) if waits else None


def throttle_after_failure(failures: int, now: datetime, rules: AccountRules) -> LoginThrottle:
    """`failures` counts the one just made. Reaching the maximum locks and starts the count again."""
    if failures >= rules.max_failures:
        return LoginThrottle(0, None, now + timedelta(minutes=rules.lock_minutes))
    if failures <= rules.delay_after:
        return LoginThrottle(failures)
    delay = min(2 ** (failures - rules.delay_after - 1), rules.max_delay_seconds)
    return LoginThrottle(failures, now + timedelta(seconds=delay))


def login_key(email: str) -> str:
    """Throttles are keyed by a digest of the address, so the table names no one."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class LinkPurpose(str, Enum):
    EMAIL_VERIFICATION = "email-verification"
    PASSWORD_RESET = "password-reset"
    INVITATION = "invitation"


LINK_PATHS = {LinkPurpose.EMAIL_VERIFICATION: "/verify-email", LinkPurpose.PASSWORD_RESET: "/reset-password",
              LinkPurpose.INVITATION: "/accept-invitation"}


@dataclass(frozen=True)
class AccountLink:
    """A single-use link e-mailed to someone; its token is stored only as a digest."""
    id: uuid.UUID                    # the delivery id events carry instead of the link
    purpose: LinkPurpose
    email: str
    token_hash: str
    expires_at: datetime
    user_id: uuid.UUID | None = None
    invitation_id: uuid.UUID | None = None


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def hash_link_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(base_url: str, purpose: LinkPurpose, token: str) -> str:
    return f"{base_url.rstrip('/')}{LINK_PATHS[purpose]}?token={token}"


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=TOTP_ISSUER)


def accepted_totp_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step the code belongs to (one step of clock drift either way), or None.

    A step at or before the last accepted one is refused: a code is good only once.
    """
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step if last_step is None or step > last_step else None
    return None
