"""One's own account: verifying the e-mail address, resetting the password, the second factor.

E-mailed links are single-use and expire. Events carry a `delivery_id`, never the link: the
mailer fetches the link with `mail_link` (scope `identity:mail-links`).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from procure.errors import Conflict, InvalidInput, NotFound
from services.identity.adapters.passwords import hash_password
from services.identity.adapters.sealing import Sealer
from services.identity.domain import accounts
from services.identity.domain.accounts import AccountLink, AccountRules, LinkPurpose
from services.identity.domain.audit import SecurityEvent
from services.identity.domain.commands import (ConfirmEmail, ConfirmSecondFactor, DisableSecondFactor,
                                               EnrolSecondFactor, RequestEmailVerification,
                                               RequestPasswordReset, ResetPassword)
from services.identity.domain.events import EmailVerificationRequested, PasswordResetRequested
from services.identity.domain.people import User, check_password_policy
from services.identity.service.clock import utc_now


@dataclass(frozen=True)
class AccountPolicy:
    rules: AccountRules = AccountRules()
    sealer: Sealer = field(default_factory=Sealer)
    links_base_url: str = "http://localhost"


def account_policy(settings) -> AccountPolicy:
    """The account rules from IdentitySettings."""
    keys = settings.account_secrets_keys
    rules = AccountRules(max_failures=settings.login_max_failures, lock_minutes=settings.login_lock_minutes,
                         password_reset_minutes=settings.password_reset_minutes,
                         email_verification_hours=settings.email_verification_hours,
                         invitation_days=settings.invitation_days)
    return AccountPolicy(rules, Sealer.from_setting(keys.get_secret_value() if keys else None),
                         settings.account_links_base_url or settings.issuer)


class InvalidLink(InvalidInput):
    def __init__(self):
        super().__init__("The link is unknown, already used or expired; ask for a new one.",
                         errors={"token": ["Unknown, used or expired."]})


def new_link(uow, policy: AccountPolicy, purpose: LinkPurpose, email: str, expires_at: datetime, now: datetime,
             *, user_id: uuid.UUID | None = None, invitation_id: uuid.UUID | None = None) -> AccountLink:
    token = accounts.new_link_token()
    link = AccountLink(id=uuid.uuid4(), purpose=purpose, email=email, token_hash=accounts.hash_link_token(token),
                       expires_at=expires_at, user_id=user_id, invitation_id=invitation_id)
    sealed = policy.sealer.seal(accounts.link_url(policy.links_base_url, purpose, token))
    uow.people.add_link(link, sealed, now)
    return link


def ask_to_verify_email(uow, policy: AccountPolicy, user: User, now: datetime) -> AccountLink:
    """Inside the caller's unit of work: a verification link for the user, announced for the mailer."""
    link = new_link(uow, policy, LinkPurpose.EMAIL_VERIFICATION, user.email,
                    now + timedelta(hours=policy.rules.email_verification_hours), now, user_id=user.id)
    uow.record(EmailVerificationRequested(id=user.id, email=user.email, name=user.name, delivery_id=link.id,
                                          expires_at=link.expires_at))
    return link


def request_email_verification(command: RequestEmailVerification, uow, policy: AccountPolicy, clock=utc_now):
    now = clock()
    with uow:
        user = _existing(uow.people.user(command.user_id))
        if user.email_verified:
            raise Conflict("This e-mail address is already verified.")
        link = ask_to_verify_email(uow, policy, user, now)
        uow.commit()
    return link


def confirm_email(command: ConfirmEmail, uow, clock=utc_now) -> User:
    now = clock()
    with uow:
        link = _live_link(uow, command.token, LinkPurpose.EMAIL_VERIFICATION, now)
        user = _existing(uow.people.user(link.user_id, for_update=True))
        if user.email.lower() != link.email.lower():
            raise InvalidLink()  # the address changed since the link was sent
        user.email_verified_at = user.email_verified_at or now
        uow.people.save_user(user)
        uow.people.delete_link(link.id)
        uow.audit.record(SecurityEvent("user.email-verified", now, actor_id=str(user.id), subject=str(user.id)))
        uow.commit()
    return user


def request_password_reset(command: RequestPasswordReset, uow, policy: AccountPolicy, clock=utc_now) -> None:
    """Answers the same whether or not the address has an account."""
    now = clock()
    with uow:
        user = uow.people.user_by_email(command.email)
        if user is None:
            return
        link = new_link(uow, policy, LinkPurpose.PASSWORD_RESET, user.email,
                        now + timedelta(minutes=policy.rules.password_reset_minutes), now, user_id=user.id)
        uow.record(PasswordResetRequested(id=user.id, email=user.email, name=user.name, delivery_id=link.id,
                                          expires_at=link.expires_at))
        uow.audit.record(SecurityEvent("password.reset-requested", now, subject=str(user.id)))
        uow.commit()


def reset_password(command: ResetPassword, uow, clock=utc_now) -> None:
    """Sets the new password, ends every session of the user and lifts any lock on the account."""
    check_password_policy(command.password)
    password_hash = hash_password(command.password)
    now = clock()
    with uow:
        link = _live_link(uow, command.token, LinkPurpose.PASSWORD_RESET, now)
        user = _existing(uow.people.user(link.user_id, for_update=True))
        user.password_hash = password_hash
        # The link reached this mailbox, which proves the address as a verification link would.
        user.email_verified_at = user.email_verified_at or now
        uow.people.save_user(user)
        uow.people.delete_link(link.id)
        uow.people.revoke_refresh_tokens_of(user.id, now)
        uow.people.clear_login_throttle(accounts.login_key(user.email))
        uow.audit.record(SecurityEvent("password.reset", now, actor_id=str(user.id), subject=str(user.id)))
        uow.commit()


def mail_link(delivery_id: uuid.UUID, uow, policy: AccountPolicy, clock=utc_now) -> dict:
    """The link an e-mail must carry, for the mailer; gone once used, superseded or expired."""
    with uow:
        found = uow.people.sealed_link(delivery_id, clock())
    if found is None:
        raise NotFound("No live link has this delivery id.")
    link, sealed = found
    return {"delivery_id": link.id, "purpose": link.purpose.value, "email": link.email,
            "url": policy.sealer.open(sealed), "expires_at": link.expires_at}


def enrol_second_factor(command: EnrolSecondFactor, uow, policy: AccountPolicy, clock=utc_now) -> dict:
    """A new secret, shown once; it works only after `confirm_second_factor`."""
    now = clock()
    with uow:
        user = _existing(uow.people.user(command.user_id, for_update=True))
        if user.has_second_factor:
            raise Conflict("A second factor is already active; disable it first to enrol a new one.")
        secret = accounts.new_totp_secret()
        user.totp_secret, user.totp_last_step = policy.sealer.seal(secret), None
        uow.people.save_user(user)
        uow.audit.record(SecurityEvent("totp.enrolment-started", now, actor_id=str(user.id), subject=str(user.id)))
        uow.commit()
    return {"secret": secret, "otpauth_uri": accounts.totp_uri(secret, user.email)}


def confirm_second_factor(command: ConfirmSecondFactor, uow, policy: AccountPolicy, clock=utc_now) -> User:
    now = clock()
    with uow:
        user = _existing(uow.people.user(command.user_id, for_update=True))
        if user.has_second_factor:
            raise Conflict("The second factor is already active.")
        if user.totp_secret is None:
            raise Conflict("Start an enrolment first (POST /v1/identity/accounts/totp).")
        _accept_code(user, policy, command.code, now)
        user.totp_enabled_at = now
        uow.people.save_user(user)
        uow.audit.record(SecurityEvent("totp.enabled", now, actor_id=str(user.id), subject=str(user.id)))
        uow.commit()
    return user


def disable_second_factor(command: DisableSecondFactor, uow, policy: AccountPolicy, clock=utc_now) -> None:
    now = clock()
    with uow:
        user = _existing(uow.people.user(command.user_id, for_update=True))
        if not user.has_second_factor:
            raise Conflict("No second factor is active.")
        _accept_code(user, policy, command.code, now)
        user.totp_secret, user.totp_enabled_at, user.totp_last_step = None, None, None
        uow.people.save_user(user)
        uow.audit.record(SecurityEvent("totp.disabled", now, actor_id=str(user.id), subject=str(user.id)))
        uow.commit()


def second_factor_step(user: User, policy: AccountPolicy, code: str | None, now: datetime) -> int | None:
    """The accepted time step of a code for the user's active or pending secret, or None."""
    if not code or user.totp_secret is None:
        return None
    return accounts.accepted_totp_step(policy.sealer.open(user.totp_secret), code, now, user.totp_last_step)


def _accept_code(user: User, policy: AccountPolicy, code: str, now: datetime) -> None:
    step = second_factor_step(user, policy, code, now)
    if step is None:
        raise InvalidInput("The code is wrong, expired or already used.", errors={"code": ["Invalid code."]})
    user.totp_last_step = step


def _live_link(uow, token: str, purpose: LinkPurpose, now: datetime) -> AccountLink:
    link = uow.people.link_by_token(accounts.hash_link_token(token), purpose, now)
    if link is None:
        raise InvalidLink()
    return link


def _existing(user: User | None) -> User:
    if user is None:
        raise NotFound("No such account.")
    return user
