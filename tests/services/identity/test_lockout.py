"""Failed log-ins slow down, then lock the address for a while; success and resets clear the count."""
from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.identity.adapters.signing_keys import SigningKeys
from services.identity.domain.accounts import AccountRules, LoginThrottle, throttle_after_failure
from services.identity.domain.commands import LogIn, RegisterOrganisation
from services.identity.service import registration, sessions
from services.identity.service.accounts import AccountPolicy
from services.identity.service.sessions import InvalidGrant
from services.identity.service.tokens import TokenPolicy
from tests.services.identity.fakes import FakeIdentityStore, FakeIdentityUnitOfWork

pytestmark = pytest.mark.unit

NOW = datetime(2030, 3, 1, 9, 0, tzinfo=timezone.utc)
EMAIL = "achats@namur.example"
PASSWORD = "correct horse battery staple"
POLICY = TokenPolicy(issuer="https://region.example", audience="procure", access_seconds=900, refresh_days=30)
RULES = AccountRules(max_failures=5, lock_minutes=15, delay_after=2)


@pytest.fixture(scope="module")
def registered() -> FakeIdentityStore:
    store = FakeIdentityStore()
    registration.register(RegisterOrganisation(name="Ville de Namur", kind="buyer", country="BE", email=EMAIL,
                                               user_name="Alice", password=PASSWORD), FakeIdentityUnitOfWork(store))
    return store


@pytest.fixture
def store(registered) -> FakeIdentityStore:
    return copy.deepcopy(registered)


@pytest.fixture(scope="module")
def keys() -> SigningKeys:
    return SigningKeys({"20300101T000000-aaaa": Ed25519PrivateKey.generate()})


def attempt(store, keys, at: datetime, password=PASSWORD, email=EMAIL):
    return sessions.log_in(LogIn(email=email, password=password), FakeIdentityUnitOfWork(store), keys, POLICY,
                           clock=lambda: at, accounts=AccountPolicy(rules=RULES))


def refused(store, keys, at: datetime, **kwargs) -> InvalidGrant:
    with pytest.raises(InvalidGrant) as raised:
        attempt(store, keys, at, **kwargs)
    return raised.value


def fail_times(store, keys, count: int, email=EMAIL) -> datetime:
    """Fails `count` times, each attempt waiting out any delay; answers the time of the last one."""
    at = NOW
    for _ in range(count):
        error = refused(store, keys, at, password="wrong password entirely", email=email)
        assert "Retry-After" not in error.headers
        at += timedelta(seconds=RULES.max_delay_seconds)
    return at - timedelta(seconds=RULES.max_delay_seconds)


def test_the_first_failures_cost_no_wait():
    assert throttle_after_failure(1, NOW, RULES) == LoginThrottle(1)
    assert throttle_after_failure(2, NOW, RULES) == LoginThrottle(2)


def test_each_failure_beyond_a_few_waits_longer_than_the_last():
    third = throttle_after_failure(3, NOW, RULES).next_attempt_at
    fourth = throttle_after_failure(4, NOW, RULES).next_attempt_at

    assert NOW < third < fourth


def test_the_maximum_number_of_failures_locks_for_the_configured_time():
    throttle = throttle_after_failure(5, NOW, RULES)

    assert throttle.locked_until == NOW + timedelta(minutes=15)
    assert throttle.failures == 0


def test_an_attempt_before_the_delay_is_over_is_refused_with_retry_after(store, keys):
    last = fail_times(store, keys, 3)

    error = refused(store, keys, last)

    assert error.status == 400 and error.extensions == {"error": "invalid_grant"}
    assert int(error.headers["Retry-After"]) >= 1


def test_a_locked_account_cannot_log_in_even_with_the_right_password(store, keys):
    last = fail_times(store, keys, 5)

    error = refused(store, keys, last + timedelta(minutes=14))

    assert 0 < int(error.headers["Retry-After"]) <= 60
    assert store.tables.refresh_tokens == {}


def test_a_locked_account_logs_in_again_once_the_lock_is_over(store, keys):
    last = fail_times(store, keys, 5)

    assert attempt(store, keys, last + timedelta(minutes=15, seconds=1))["access_token"]


def test_a_successful_log_in_resets_the_count(store, keys):
    last = fail_times(store, keys, 4)
    attempt(store, keys, last + timedelta(minutes=1))

    later = fail_times(store, keys, 4)  # four more failures do not lock: the count started again

    assert attempt(store, keys, later + timedelta(minutes=1))["access_token"]


def test_an_unknown_address_is_throttled_exactly_like_a_known_one(store, keys):
    stranger = f"{uuid.uuid4().hex}@nowhere.example"
    known_last = fail_times(store, keys, 5)
    unknown_last = fail_times(store, keys, 5, email=stranger)

    known = refused(store, keys, known_last + timedelta(minutes=1))
    unknown = refused(store, keys, unknown_last + timedelta(minutes=1), email=stranger)

    assert (known.status, known.detail, known.headers) == (unknown.status, unknown.detail, unknown.headers)


def test_failures_locks_and_successes_go_to_the_audit_log(store, keys):
    last = fail_times(store, keys, 5)
    attempt(store, keys, last + timedelta(minutes=16))

    actions = [event.action for event in store.tables.audit]
    assert actions.count("login.failed") == 5
    assert actions.count("login.locked") == 1
    assert actions[-1] == "login.succeeded"
    assert not any(secret in str(event) for event in store.tables.audit
                   for secret in (PASSWORD, "wrong password entirely"))
