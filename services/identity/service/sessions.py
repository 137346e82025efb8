"""Logging in and refreshing: the OAuth 2.0 grants that end in a token pair.

Failed log-ins are counted per e-mail address, whether or not it has an account, so that
throttling tells nothing about who is registered: after a few failures each attempt must wait
a growing delay, and `max_failures` in a row lock the address for `lock_minutes`. An attempt
made too early is refused without checking the password, with `Retry-After`.
"""
from __future__ import annotations

import math
import uuid
from datetime import datetime

from procure.errors import ProcureError
from services.identity.adapters.passwords import password_matches
from services.identity.domain.accounts import LoginThrottle, login_key, throttle_after_failure
from services.identity.domain.audit import SecurityEvent
from services.identity.domain.commands import LogIn, RefreshTokens
from services.identity.domain.members import token_roles
from services.identity.domain.people import Membership, User
from services.identity.service.accounts import AccountPolicy, second_factor_step
from services.identity.service.clock import utc_now
from services.identity.service.tokens import TokenPolicy, hash_refresh_token, issue_tokens

DEFAULT_ACCOUNT_POLICY = AccountPolicy()
WRONG_CREDENTIALS = "The e-mail address or the password is wrong."


class InvalidGrant(ProcureError):
    """RFC 6749 answers a bad credential with 400 invalid_grant."""
    status, title, slug = 400, "Invalid grant", "invalid-grant"

    def __init__(self, detail: str, **kwargs):
        super().__init__(detail, error="invalid_grant", **kwargs)


def log_in(command: LogIn, uow, signer, policy: TokenPolicy, clock=utc_now, *,
           accounts: AccountPolicy = DEFAULT_ACCOUNT_POLICY) -> dict:
    now = clock()
    key = login_key(command.email)
    with uow:
        _refuse_while_throttled(uow.people.login_throttle(key), now)
        user = uow.people.user_by_email(command.email)
        if not password_matches(user and user.password_hash, command.password):
            _fail(uow, key, user, accounts, now, command.email, "password")
        step = second_factor_step(user, accounts, command.totp_code, now) if user.has_second_factor else None
        if user.has_second_factor and step is None:
            _fail(uow, key, user, accounts, now, command.email, "second-factor",
                  "A valid, unused second-factor code (totp_code) is needed for this account."
                  if command.totp_code else "This account needs its second-factor code (totp_code).")
        if step is not None:
            user.totp_last_step = step
            uow.people.save_user(user)
        membership = chosen_membership(uow.people.memberships_of(user.id), command.organisation_id)
        uow.people.clear_login_throttle(key)
        uow.audit.record(SecurityEvent("login.succeeded", now, actor_id=str(user.id),
                                       organisation_id=str(membership.organisation_id), subject=str(user.id)))
        tokens = _issue(uow, signer, policy, user, membership, now)
        uow.commit()
        return tokens


def refresh(command: RefreshTokens, uow, signer, policy: TokenPolicy, clock=utc_now) -> dict:
    now = clock()
    with uow:
        stored = uow.people.refresh_token(hash_refresh_token(command.refresh_token))
        if stored is None or stored["revoked_at"] or stored["expires_at"] <= now:
            raise InvalidGrant("The refresh token is unknown, expired or revoked.")
        if stored["replaced_at"]:
            # A used token came back: someone kept a copy. Revoke the whole family.
            uow.people.revoke_family(stored["family_id"], now)
            uow.commit()
            raise InvalidGrant("The refresh token was already used; every token of its session is revoked.")
        uow.people.mark_replaced(stored["token_hash"], now)
        membership = chosen_membership(uow.people.memberships_of(stored["user_id"]), stored["organisation_id"])
        user = uow.people.user(stored["user_id"])
        tokens = _issue(uow, signer, policy, user, membership, now, family_id=stored["family_id"])
        uow.commit()
        return tokens


def chosen_membership(memberships: list[Membership], organisation_id: uuid.UUID | None) -> Membership:
    if organisation_id is not None:
        memberships = [m for m in memberships if m.organisation_id == organisation_id]
    if not memberships:
        raise InvalidGrant("The account is not a member of that organisation.")
    return memberships[0]


class _Claims:
    """Signs with the region's key, adding what the account says about how its holder logged in."""

    def __init__(self, signer, claims: dict):
        self._signer, self._claims = signer, claims

    def sign(self, claims: dict) -> str:
        return self._signer.sign({**claims, **self._claims})


def _issue(uow, signer, policy: TokenPolicy, user: User, membership: Membership, now: datetime,
           family_id: uuid.UUID | None = None) -> dict:
    # The opening-committee role travels only in tokens of verified users with a second factor;
    # without it they still get a token, to enrol one.
    roles = token_roles(membership.roles, email_verified=user.email_verified,
                        second_factor=user.has_second_factor)
    claims = {"email_verified": user.email_verified, "amr": ["pwd", "otp"] if user.has_second_factor else ["pwd"]}
    return issue_tokens(uow, _Claims(signer, claims), policy,
                        Membership(membership.user_id, membership.organisation_id, roles), now, family_id)


def _refuse_while_throttled(throttle: LoginThrottle | None, now: datetime) -> None:
    until = throttle.refuses_until(now) if throttle else None
    if until is not None:
        seconds = max(1, math.ceil((until - now).total_seconds()))
        raise InvalidGrant(f"Too many failed attempts with this e-mail address; try again in {seconds} s.",
                           headers={"Retry-After": str(seconds)})


def _fail(uow, key: str, user: User | None, accounts: AccountPolicy, now: datetime, email: str, reason: str,
          detail: str = WRONG_CREDENTIALS):
    """Counts the failure, commits it with its audit record, and refuses."""
    throttle = throttle_after_failure(uow.people.count_login_failure(key), now, accounts.rules)
    uow.people.hold_logins(key, throttle)
    subject = str(user.id) if user else None
    uow.audit.record(SecurityEvent("login.failed", now, subject=subject,
                                   details={"email": email[:320], "reason": reason}))
    if throttle.locked_until is not None:
        uow.audit.record(SecurityEvent("login.locked", now, subject=subject,
                                       details={"email": email[:320], "until": throttle.locked_until.isoformat()}))
    uow.commit()
    raise InvalidGrant(detail)
