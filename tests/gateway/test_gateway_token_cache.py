"""Verified tokens are remembered briefly; nothing else is."""
import time

import pytest

from gateway.token_cache import RememberingVerifier
from procure.errors import Unauthenticated
from procure.tokens import JwksCache, TokenVerifier

pytestmark = pytest.mark.unit

ISSUER, AUDIENCE = "https://procure.test/identity", "procure"


class CountingVerifier:
    """The real verifier, counting how often it is asked."""

    def __init__(self, tokens):
        self.real = TokenVerifier(JwksCache(tokens.public_jwks), issuer=ISSUER, audience=AUDIENCE)
        self.calls = 0

    def verify(self, token):
        self.calls += 1
        return self.real.verify(token)


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def counting(tokens):
    return CountingVerifier(tokens)


def test_a_valid_token_is_verified_once_while_it_is_remembered(tokens, counting):
    verifier = RememberingVerifier(counting)
    token = tokens.valid(sub="alice")

    principals = [verifier.verify(token) for _ in range(3)]

    assert counting.calls == 1
    assert {principal.subject for principal in principals} == {"alice"}


def test_a_remembered_token_is_verified_again_after_the_remembering_period(tokens, counting):
    clock = Clock(time.time())
    token = tokens.valid()  # valid for 15 minutes
    verifier = RememberingVerifier(counting, remember_seconds=60, clock=clock)
    verifier.verify(token)

    clock.now += 61
    verifier.verify(token)

    assert counting.calls == 2


def test_a_remembered_token_is_not_honoured_past_its_expiry(tokens, counting):
    clock = Clock(time.time())
    token = tokens.valid(exp=int(clock.now) + 5)
    verifier = RememberingVerifier(counting, remember_seconds=60, clock=clock)
    verifier.verify(token)

    clock.now += 6
    verifier.verify(token)  # the real verifier allows clock skew; the point is it was asked again

    assert counting.calls == 2


def test_a_refused_token_is_checked_every_time(tokens, counting):
    verifier = RememberingVerifier(counting)
    token = tokens.valid(aud="another-suite")

    for _ in range(2):
        with pytest.raises(Unauthenticated):
            verifier.verify(token)

    assert counting.calls == 2


def test_the_number_of_remembered_tokens_is_bounded(tokens, counting):
    verifier = RememberingVerifier(counting, max_remembered=8)
    many = [tokens.valid(sub=f"user-{number}") for number in range(20)]

    for token in many:
        verifier.verify(token)

    assert len(verifier._remembered) <= 8
    verifier.verify(many[-1])
    assert counting.calls == 20  # the newest is still remembered
