"""`procure keys rotate`: a new key is published before it signs, old keys verify until their tokens expired."""
from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jwt
import pytest
from click.testing import CliRunner

from procure.cli import main as procure
from procure.config import ConfigurationError
from procure.errors import Unauthenticated
from procure.tokens import JwksCache, TokenVerifier
from services.identity.adapters.signing_keys import SigningKeys, generate_key_file, rotate_keys

pytestmark = pytest.mark.unit

ISSUER, AUDIENCE = "https://region.example", "procure"
LEAD, RETIRE_AFTER = timedelta(minutes=10), timedelta(minutes=65)
JWKS_MAX_AGE = timedelta(seconds=300)  # what /.well-known/jwks.json lets HTTP caches keep


class Clock:
    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class HttpCachedJwks:
    """A verifier's view of the key set through an HTTP cache honouring the JWKS's max-age."""

    def __init__(self, keys: SigningKeys, clock: Clock, max_age: timedelta = JWKS_MAX_AGE):
        self._keys, self._clock, self._max_age = keys, clock, max_age
        self._copy, self._stored_at = None, None
        self.origin_fetches = 0

    def __call__(self) -> dict:
        if self._copy is None or self._clock() - self._stored_at >= self._max_age:
            self._copy, self._stored_at = self._keys.jwks(), self._clock()
            self.origin_fetches += 1
        return self._copy


def claims(clock: Clock) -> dict:
    """The token's own times are real: the verifier checks them against the real clock."""
    now = int(time.time())
    return {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-1", "iat": now, "exp": now + 900, "jti": str(uuid.uuid4())}


def verifier(fetch, min_refresh_seconds: float = 0.0) -> TokenVerifier:
    return TokenVerifier(JwksCache(fetch, min_refresh_seconds=min_refresh_seconds), issuer=ISSUER,
                         audience=AUDIENCE)


def kid(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def directory(tmp_path) -> Path:
    generate_key_file(tmp_path)
    return tmp_path


@pytest.fixture
def running(directory, clock) -> SigningKeys:
    """The identity service as it runs: it notices a changed directory at once here (no 5 s wait)."""
    return SigningKeys.from_directory(directory, recheck_seconds=0, clock=clock)


def rotate(directory: Path, clock: Clock, lead: timedelta = LEAD, retire_after: timedelta = RETIRE_AFTER):
    return rotate_keys(directory, publish_ahead=lead, retire_after=retire_after, now=clock())


def test_the_new_key_is_published_before_any_token_is_signed_with_it(directory, running, clock):
    before = running.current_kid

    rotation = rotate(directory, clock)
    clock.advance(LEAD - timedelta(seconds=1))

    assert rotation.new_kid in [jwk["kid"] for jwk in running.jwks()["keys"]]
    assert kid(running.sign(claims(clock))) == before == rotation.signing_until_then


def test_after_activation_new_tokens_carry_the_new_kid(directory, running, clock):
    rotation = rotate(directory, clock)

    clock.advance(LEAD)

    assert running.current_kid == rotation.new_kid
    assert kid(running.sign(claims(clock))) == rotation.new_kid


def test_a_token_signed_before_rotation_still_verifies_with_a_verifier_that_refreshed(directory, running, clock):
    old_token = running.sign(claims(clock))
    rotation = rotate(directory, clock)
    clock.advance(LEAD)
    refreshed = verifier(running.jwks)

    assert refreshed.verify(running.sign(claims(clock))).subject == "user-1"  # fetched the key set after rotation
    assert refreshed.verify(old_token).subject == "user-1"
    assert kid(old_token) != rotation.new_kid


def test_no_valid_token_is_rejected_across_a_rotation_behind_an_http_cache(directory, running, clock):
    gateway_keys = HttpCachedJwks(running, clock)
    gateway = verifier(gateway_keys)
    issued = [running.sign(claims(clock))]
    gateway.verify(issued[0])  # warm: the gateway's cache holds the key set from before the rotation

    rotation = rotate(directory, clock)
    for _ in range(30):  # one minute steps through the lead, the activation and after
        clock.advance(timedelta(minutes=1))
        issued.append(running.sign(claims(clock)))
        for token in issued[-16:]:  # every token issued in the last 15 minutes is still valid
            assert gateway.verify(token).subject == "user-1"

    assert {kid(token) for token in issued} == {rotation.signing_until_then, rotation.new_kid}


def test_without_the_publication_lead_a_verifier_behind_an_http_cache_would_reject_the_new_tokens(
        directory, running, clock):
    gateway = verifier(HttpCachedJwks(running, clock))
    gateway.verify(running.sign(claims(clock)))

    rotate(directory, clock, lead=timedelta(0))
    clock.advance(timedelta(seconds=1))

    with pytest.raises(Unauthenticated, match="does not know"):
        gateway.verify(running.sign(claims(clock)))


def test_a_replaced_key_is_kept_until_the_retire_after_period_has_passed(directory, running, clock):
    old_kid = running.current_kid
    first = rotate(directory, clock)

    clock.advance(LEAD + RETIRE_AFTER - timedelta(seconds=1))
    second = rotate(directory, clock)
    clock.advance(timedelta(seconds=1))
    third = rotate(directory, clock)

    assert second.retired == []
    assert old_kid in third.retired
    published = [jwk["kid"] for jwk in running.jwks()["keys"]]
    assert old_kid not in published
    assert {first.new_kid, second.new_kid, third.new_kid} <= set(published)


def test_rotation_never_retires_the_key_that_signs(directory, running, clock):
    for _ in range(3):
        rotate(directory, clock, retire_after=timedelta(0))
        clock.advance(LEAD)
        signer = running.current_kid
        rotate(directory, clock, retire_after=timedelta(0))

        assert running.current_kid == signer
        assert running.sign(claims(clock))


def test_the_first_rotation_of_an_empty_directory_signs_at_once(tmp_path, clock):
    rotation = rotate_keys(tmp_path / "keys", publish_ahead=LEAD, retire_after=RETIRE_AFTER, now=clock())

    assert rotation.activates_at == clock()
    assert SigningKeys.from_directory(tmp_path / "keys", clock=clock).current_kid == rotation.new_kid


def test_a_directory_whose_keys_are_all_still_to_come_is_refused_at_start(tmp_path, clock):
    generate_key_file(tmp_path, activates_at=clock() + LEAD)

    with pytest.raises(ConfigurationError, match="no active key"):
        SigningKeys.from_directory(tmp_path, clock=clock)


def test_a_running_service_checks_the_directory_at_most_every_few_seconds(directory, clock):
    keys = SigningKeys.from_directory(directory, recheck_seconds=0.3, clock=clock)
    rotation = rotate(directory, clock)

    published_at_once = [jwk["kid"] for jwk in keys.jwks()["keys"]]
    time.sleep(0.35)

    assert rotation.new_kid not in published_at_once
    assert rotation.new_kid in [jwk["kid"] for jwk in keys.jwks()["keys"]]


def test_a_broken_key_file_leaves_a_running_service_on_its_keys_until_it_is_fixed(directory, running, clock, caplog):
    signer = running.current_kid
    broken = directory / "20990101T000000000000-broken.pem"
    broken.write_bytes(b"half a key")

    with caplog.at_level(logging.ERROR, logger="procure.identity.keys"):
        token = running.sign(claims(clock))
    broken.unlink()
    rotation = rotate(directory, clock)

    assert kid(token) == signer
    assert "20990101T000000000000-broken.pem" in caplog.text
    assert rotation.new_kid in [jwk["kid"] for jwk in running.jwks()["keys"]]


def test_tokens_signed_while_the_directory_is_rotated_all_verify(directory, running, clock):
    tokens, errors = [], []

    def sign_many() -> None:
        try:
            tokens.extend(running.sign(claims(clock)) for _ in range(200))
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    signers = [threading.Thread(target=sign_many) for _ in range(4)]
    for thread in signers:
        thread.start()
    for _ in range(5):
        rotate(directory, clock, lead=timedelta(0))
    for thread in signers:
        thread.join(30)

    assert errors == []
    check = verifier(running.jwks)
    kids = {kid(token) for token in tokens if check.verify(token)}
    assert len(tokens) == 800 and kids


def test_an_activation_time_without_an_offset_is_refused_naming_the_file(tmp_path):
    path = generate_key_file(tmp_path)
    path.write_text(path.read_text().replace("+00:00", "", 1))

    with pytest.raises(ConfigurationError, match=path.name):
        SigningKeys.from_directory(tmp_path)


def test_the_rotate_command_says_what_it_published_and_retired(directory):
    old = SigningKeys.from_directory(directory).current_kid

    runner = CliRunner(env={"PROCURE_DATABASE_URL": None})
    first = runner.invoke(procure, ["keys", "rotate", "--dir", str(directory)])
    second = runner.invoke(procure, ["keys", "rotate", "--dir", str(directory), "--publish-ahead", "0",
                                     "--retire-after", "0"])

    assert first.exit_code == 0, first.output
    assert "published " in first.output and "signs from" in first.output
    assert f"{old} signs until then" in first.output
    assert second.exit_code == 0, second.output
    assert f"retired {old}" in second.output
    assert not (directory / f"{old}.pem").exists()
    assert "not recorded in the audit log: PROCURE_DATABASE_URL is not set" in second.output
