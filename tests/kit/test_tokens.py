"""Access tokens are verified strictly against an in-memory JSON Web Key Set."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

import procure.tokens
from procure.errors import DependencyUnavailable, Unauthenticated
from procure.tokens import MAX_TOKEN_BYTES, JwksCache, TokenVerifier

pytestmark = pytest.mark.unit

ISSUER = "https://region.example"
AUDIENCE = "procure"


def public_jwk(kid: str, key: Ed25519PrivateKey) -> dict:
    return {**json.loads(OKPAlgorithm.to_jwk(key.public_key())), "kid": kid, "alg": "EdDSA", "use": "sig"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**changes) -> dict:
    now = int(time.time())
    values = {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-1", "org": "org-1", "roles": ["buyer-admin"],
              "scope": "api notices:write", "iat": now, "exp": now + 900, "jti": str(uuid.uuid4())}
    values.update(changes)
    return {name: value for name, value in values.items() if value is not None}


class KeySet:
    """What the identity service would publish, plus a count of how often it was asked."""

    def __init__(self):
        self.private = {"k1": Ed25519PrivateKey.generate()}
        self.fetches = 0

    def add(self, kid: str) -> Ed25519PrivateKey:
        self.private[kid] = Ed25519PrivateKey.generate()
        return self.private[kid]

    def fetch(self) -> dict:
        self.fetches += 1
        return {"keys": [public_jwk(kid, key) for kid, key in self.private.items()]}

    def sign(self, payload: dict, kid: str | None = "k1", key=None, algorithm: str = "EdDSA") -> str:
        headers = {"kid": kid} if kid is not None else {}
        return jwt.encode(payload, key or self.private[kid], algorithm=algorithm, headers=headers)


class FakeMonotonicClock:
    """Stands in for the `time` module inside procure.tokens (a standard-library edge)."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def keys() -> KeySet:
    return KeySet()


@pytest.fixture
def clock(monkeypatch) -> FakeMonotonicClock:
    fake = FakeMonotonicClock()
    monkeypatch.setattr(procure.tokens, "time", fake)
    return fake


def verifier_for(keys: KeySet, min_refresh_seconds: float = 60.0, **options) -> TokenVerifier:
    return TokenVerifier(JwksCache(fetch=keys.fetch, min_refresh_seconds=min_refresh_seconds),
                         issuer=ISSUER, audience=AUDIENCE, **options)


def refused(verifier: TokenVerifier, token: str) -> Unauthenticated:
    with pytest.raises(Unauthenticated) as raised:
        verifier.verify(token)
    return raised.value


def unsigned_token(header: dict, payload: dict, signature: bytes = b"") -> str:
    head = b64(json.dumps(header).encode()) + "." + b64(json.dumps(payload).encode())
    return head + "." + b64(signature)


def test_a_valid_token_gives_the_principal_it_speaks_for(keys):
    payload = claims()

    principal = verifier_for(keys).verify(keys.sign(payload))

    assert principal.subject == "user-1"
    assert principal.organisation == "org-1"
    assert principal.roles == frozenset({"buyer-admin"})
    assert principal.scopes == frozenset({"api", "notices:write"})
    assert principal.token_id == payload["jti"]
    assert principal.has_role("supplier-admin", "buyer-admin")
    assert not principal.has_role("supplier-admin")


def test_a_refused_token_answers_401_with_a_bearer_challenge(keys):
    error = refused(verifier_for(keys), keys.sign(claims(iss="https://elsewhere.example")))

    assert error.status == 401
    assert error.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(keys):
    now = int(time.time())

    error = refused(verifier_for(keys), keys.sign(claims(iat=now - 3600, exp=now - 120)))

    assert "expired" in error.detail


def test_a_token_issued_in_the_future_is_refused(keys):
    now = int(time.time())

    error = refused(verifier_for(keys), keys.sign(claims(iat=now + 600, exp=now + 1500)))

    assert "not valid yet" in error.detail


def test_a_token_not_valid_before_a_future_time_is_refused(keys):
    now = int(time.time())

    error = refused(verifier_for(keys), keys.sign(claims(nbf=now + 600)))

    assert "not valid yet" in error.detail


def test_a_token_from_another_issuer_is_refused(keys):
    error = refused(verifier_for(keys), keys.sign(claims(iss="https://other-region.example")))

    assert "issuer" in error.detail


def test_a_token_for_another_audience_is_refused(keys):
    error = refused(verifier_for(keys), keys.sign(claims(aud="someone-else")))

    assert "audience" in error.detail


def test_a_token_signed_by_another_key_under_a_known_kid_is_refused(keys):
    forger = Ed25519PrivateKey.generate()

    error = refused(verifier_for(keys), keys.sign(claims(), kid="k1", key=forger))

    assert isinstance(error.__cause__, jwt.InvalidSignatureError)


def test_a_token_whose_payload_was_altered_after_signing_is_refused(keys):
    header, _, signature = keys.sign(claims(roles=["supplier-agent"])).split(".")
    altered = b64(json.dumps(claims(roles=["buyer-admin"])).encode())

    refused(verifier_for(keys), f"{header}.{altered}.{signature}")


def test_an_unsigned_alg_none_token_is_refused(keys):
    token = unsigned_token({"alg": "none", "typ": "JWT", "kid": "k1"}, claims())

    error = refused(verifier_for(keys), token)

    assert "'none'" in error.detail


@pytest.mark.parametrize("secret", ["raw public key", "public key PEM", "public JWK x"])
def test_an_hs256_token_keyed_with_the_public_key_is_refused(keys, secret):
    public = keys.private["k1"].public_key()
    hmac_key = {
        "raw public key": public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
        "public key PEM": public.public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo),
        "public JWK x": public_jwk("k1", keys.private["k1"])["x"].encode(),
    }[secret]
    header = {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    signing_input = unsigned_token(header, claims()).rsplit(".", 1)[0]
    signature = hmac.new(hmac_key, signing_input.encode(), hashlib.sha256).digest()

    error = refused(verifier_for(keys), f"{signing_input}.{b64(signature)}")

    assert "HS256" in error.detail


def test_hs256_stays_refused_even_when_the_verifier_is_asked_to_allow_it(keys):
    verifier = verifier_for(keys, algorithms=("HS256", "EdDSA"))
    token = unsigned_token({"alg": "HS256", "kid": "k1"}, claims(), signature=b"x" * 32)

    refused(verifier, token)


def test_a_token_whose_algorithm_does_not_match_its_key_is_refused(keys):
    ec_key = ec.generate_private_key(ec.SECP256R1())

    error = refused(verifier_for(keys), keys.sign(claims(), kid="k1", key=ec_key, algorithm="ES256"))

    assert "algorithm" in error.detail


def signed_by_hand(header: dict, payload: dict, key: Ed25519PrivateKey) -> str:
    signing_input = unsigned_token(header, payload).rsplit(".", 1)[0]
    return f"{signing_input}.{b64(key.sign(signing_input.encode()))}"


def test_a_token_that_names_no_key_is_refused(keys):
    token = signed_by_hand({"alg": "EdDSA"}, claims(), keys.private["k1"])

    error = refused(verifier_for(keys), token)

    assert "kid" in error.detail
    assert keys.fetches == 0


@pytest.mark.parametrize("kid", [7, None, ["k1"]])
def test_a_token_whose_kid_is_not_a_string_is_refused(keys, kid):
    token = signed_by_hand({"alg": "EdDSA", "kid": kid}, claims(), keys.private["k1"])

    refused(verifier_for(keys), token)


def test_a_token_signed_by_a_key_the_region_does_not_know_is_refused(keys):
    stranger = Ed25519PrivateKey.generate()

    error = refused(verifier_for(keys), keys.sign(claims(), kid="unknown", key=stranger))

    assert "key" in error.detail


@pytest.mark.parametrize("token", ["", "not-a-token", "a.b.c", ".....", "WzFd.e30.e30",  # header `[1]`
                                   "bnVsbA.e30.e30", "_-_-.e30.e30", "eyJhbGciOiJFZERTQSJ9"])
def test_a_malformed_token_is_refused(keys, token):
    refused(verifier_for(keys), token)


def test_an_oversize_token_is_refused_before_it_is_parsed(keys):
    token = keys.sign(claims(padding="x" * MAX_TOKEN_BYTES))

    error = refused(verifier_for(keys), token)

    assert "too large" in error.detail
    assert keys.fetches == 0


@pytest.mark.parametrize("claim", ["jti", "sub", "exp", "iat", "iss", "aud"])
def test_a_token_missing_a_required_claim_is_refused(keys, claim):
    error = refused(verifier_for(keys), keys.sign(claims(**{claim: None})))

    assert isinstance(error.__cause__, jwt.MissingRequiredClaimError)
    assert error.__cause__.claim == claim


def test_unknown_kids_refresh_the_key_set_at_most_once_per_interval(keys, clock):
    verifier = verifier_for(keys, min_refresh_seconds=60)
    verifier.verify(keys.sign(claims()))
    assert keys.fetches == 1

    for kid in ("forged-1", "forged-2", "forged-3"):
        refused(verifier, keys.sign(claims(), kid=kid, key=Ed25519PrivateKey.generate()))
    assert keys.fetches == 1

    clock.now += 61
    refused(verifier, keys.sign(claims(), kid="forged-4", key=Ed25519PrivateKey.generate()))
    assert keys.fetches == 2


def test_known_kids_are_served_from_the_cache(keys, clock):
    verifier = verifier_for(keys)

    for _ in range(5):
        verifier.verify(keys.sign(claims()))

    assert keys.fetches == 1


def test_a_rotated_key_is_picked_up_once_the_refresh_interval_has_passed(keys, clock):
    verifier = verifier_for(keys, min_refresh_seconds=60)
    verifier.verify(keys.sign(claims()))
    keys.add("k2")
    token = keys.sign(claims(), kid="k2")

    refused(verifier, token)  # too soon after the last fetch: the cache is not refreshed yet
    clock.now += 61
    principal = verifier.verify(token)

    assert principal.subject == "user-1"
    assert keys.fetches == 2


def test_tokens_of_the_previous_key_stay_valid_after_a_rotation(keys, clock):
    verifier = verifier_for(keys, min_refresh_seconds=0)
    old_token = keys.sign(claims())
    keys.add("k2")

    verifier.verify(keys.sign(claims(), kid="k2"))

    assert verifier.verify(old_token).subject == "user-1"


def test_a_key_set_without_any_usable_key_answers_dependency_unavailable():
    verifier = TokenVerifier(JwksCache(fetch=lambda: {"keys": []}), issuer=ISSUER, audience=AUDIENCE)
    token = jwt.encode(claims(), Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": "k1"})

    with pytest.raises((DependencyUnavailable, Unauthenticated)):
        verifier.verify(token)
