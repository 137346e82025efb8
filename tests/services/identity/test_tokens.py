"""Logging in issues a signed access token and a rotating refresh token; reuse revokes the family."""
from __future__ import annotations

import copy
import hashlib
import uuid
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from procure.tokens import JwksCache, TokenVerifier
from services.identity.adapters.signing_keys import SigningKeys
from services.identity.domain.commands import LogIn, RefreshTokens, RegisterOrganisation
from services.identity.service import registration, sessions
from services.identity.service.sessions import InvalidGrant
from services.identity.service.clock import utc_now
from services.identity.service.tokens import TokenPolicy
from tests.services.identity.fakes import FakeIdentityStore, FakeIdentityUnitOfWork

pytestmark = pytest.mark.unit

ISSUER = "https://region.example"
AUDIENCE = "procure"
EMAIL = "achats@namur.example"
PASSWORD = "correct horse battery staple"
POLICY = TokenPolicy(issuer=ISSUER, audience=AUDIENCE, access_seconds=900, refresh_days=30)
REQUIRED_CLAIMS = {"iss", "aud", "sub", "org", "roles", "scope", "exp", "iat", "jti"}


@pytest.fixture(scope="module")
def registered() -> tuple[FakeIdentityStore, uuid.UUID, uuid.UUID]:
    """One registered buyer, hashed once for the whole module (argon2 is deliberately slow)."""
    store = FakeIdentityStore()
    organisation, user, _ = registration.register(
        RegisterOrganisation(name="Ville de Namur", kind="buyer", country="BE", email=EMAIL,
                             user_name="Alice Martin", password=PASSWORD), FakeIdentityUnitOfWork(store))
    return store, organisation.id, user.id


@pytest.fixture
def store(registered) -> FakeIdentityStore:
    return copy.deepcopy(registered[0])


@pytest.fixture
def organisation_id(registered) -> uuid.UUID:
    return registered[1]


@pytest.fixture
def user_id(registered) -> uuid.UUID:
    return registered[2]


@pytest.fixture(scope="module")
def keys() -> SigningKeys:
    return SigningKeys({"20300101T000000-aaaa": Ed25519PrivateKey.generate()})


def log_in(store, keys, email=EMAIL, password=PASSWORD, organisation_id=None, clock=utc_now) -> dict:
    return sessions.log_in(LogIn(email=email, password=password, organisation_id=organisation_id),
                           FakeIdentityUnitOfWork(store), keys, POLICY, clock=clock)


def refresh(store, keys, token: str, clock=utc_now) -> dict:
    return sessions.refresh(RefreshTokens(token), FakeIdentityUnitOfWork(store), keys, POLICY, clock=clock)


def refused_grant(action, *args, **kwargs) -> InvalidGrant:
    with pytest.raises(InvalidGrant) as raised:
        action(*args, **kwargs)
    return raised.value


def test_logging_in_answers_a_bearer_token_and_a_refresh_token(store, keys, organisation_id):
    tokens = log_in(store, keys)

    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 900
    assert tokens["organisation_id"] == str(organisation_id)
    assert tokens["access_token"].count(".") == 2
    assert len(tokens["refresh_token"]) >= 32


def test_the_access_token_carries_every_claim_and_names_its_key(store, keys, organisation_id, user_id):
    tokens = log_in(store, keys)

    header = jwt.get_unverified_header(tokens["access_token"])
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})

    assert header["kid"] == keys.current_kid
    assert header["alg"] == "EdDSA"
    assert REQUIRED_CLAIMS <= claims.keys()
    assert (claims["iss"], claims["aud"]) == (ISSUER, AUDIENCE)
    assert (claims["sub"], claims["org"]) == (str(user_id), str(organisation_id))
    assert claims["roles"] == ["buyer-admin"]
    assert claims["scope"] == "api"
    assert claims["exp"] - claims["iat"] == 900
    uuid.UUID(claims["jti"])


def test_the_access_token_verifies_with_the_kit_against_the_published_key_set(store, keys, organisation_id,
                                                                              user_id):
    verifier = TokenVerifier(JwksCache(fetch=keys.jwks), issuer=ISSUER, audience=AUDIENCE)

    principal = verifier.verify(log_in(store, keys)["access_token"])

    assert principal.subject == str(user_id)
    assert principal.organisation == str(organisation_id)
    assert principal.roles == frozenset({"buyer-admin"})
    assert principal.scopes == frozenset({"api"})


def test_every_access_token_has_its_own_id(store, keys):
    first = jwt.decode(log_in(store, keys)["access_token"], options={"verify_signature": False})
    second = jwt.decode(log_in(store, keys)["access_token"], options={"verify_signature": False})

    assert first["jti"] != second["jti"]


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(store, keys):
    wrong_password = refused_grant(log_in, store, keys, password="not the password at all")
    unknown_email = refused_grant(log_in, store, keys, email="nobody@nowhere.example")

    assert wrong_password.status == unknown_email.status == 400
    assert wrong_password.type == unknown_email.type
    assert wrong_password.detail == unknown_email.detail
    assert wrong_password.extensions == unknown_email.extensions == {"error": "invalid_grant"}


def test_a_failed_log_in_issues_nothing(store, keys):
    refused_grant(log_in, store, keys, password="not the password at all")

    assert store.tables.refresh_tokens == {}


def test_logging_in_for_an_organisation_the_user_does_not_belong_to_is_an_invalid_grant(store, keys):
    refused_grant(log_in, store, keys, organisation_id=uuid.uuid4())


def test_logging_in_for_the_users_own_organisation_works(store, keys, organisation_id):
    assert log_in(store, keys, organisation_id=organisation_id)["organisation_id"] == str(organisation_id)


def test_refresh_tokens_are_stored_hashed(store, keys):
    token = log_in(store, keys)["refresh_token"]

    assert token not in store.tables.refresh_tokens
    assert hashlib.sha256(token.encode()).hexdigest() in store.tables.refresh_tokens


def test_a_refresh_rotates_both_tokens_in_the_same_session(store, keys, organisation_id):
    first = log_in(store, keys)

    second = refresh(store, keys, first["refresh_token"])

    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert second["organisation_id"] == str(organisation_id)
    families = {row["family_id"] for row in store.tables.refresh_tokens.values()}
    assert len(families) == 1


def test_the_refreshed_access_token_verifies(store, keys, user_id):
    verifier = TokenVerifier(JwksCache(fetch=keys.jwks), issuer=ISSUER, audience=AUDIENCE)
    first = log_in(store, keys)

    principal = verifier.verify(refresh(store, keys, first["refresh_token"])["access_token"])

    assert principal.subject == str(user_id)


def test_a_refresh_token_cannot_be_used_twice(store, keys):
    first = log_in(store, keys)
    refresh(store, keys, first["refresh_token"])

    error = refused_grant(refresh, store, keys, first["refresh_token"])

    assert "already used" in error.detail


def test_reusing_a_replaced_refresh_token_revokes_the_whole_family(store, keys):
    first = log_in(store, keys)
    second = refresh(store, keys, first["refresh_token"])

    refused_grant(refresh, store, keys, first["refresh_token"])  # a stolen copy comes back

    refused_grant(refresh, store, keys, second["refresh_token"])  # so the legitimate one dies too
    family = store.refresh_family(next(iter(store.tables.refresh_tokens.values()))["family_id"])
    assert len(family) == 2
    assert all(row["revoked_at"] is not None for row in family)


def test_reuse_revokes_only_the_family_it_belongs_to(store, keys):
    stolen_session = log_in(store, keys)
    other_session = log_in(store, keys)
    refresh(store, keys, stolen_session["refresh_token"])

    refused_grant(refresh, store, keys, stolen_session["refresh_token"])

    assert refresh(store, keys, other_session["refresh_token"])["refresh_token"]


def test_an_unknown_refresh_token_is_an_invalid_grant(store, keys):
    refused_grant(refresh, store, keys, "never-issued-token")


def test_an_expired_refresh_token_is_an_invalid_grant(store, keys):
    token = log_in(store, keys)["refresh_token"]
    later = datetime.now(timezone.utc) + timedelta(days=POLICY.refresh_days, seconds=1)

    refused_grant(refresh, store, keys, token, clock=lambda: later)


def test_a_refresh_token_is_still_good_just_before_it_expires(store, keys):
    token = log_in(store, keys)["refresh_token"]
    later = datetime.now(timezone.utc) + timedelta(days=POLICY.refresh_days, seconds=-60)

    assert refresh(store, keys, token, clock=lambda: later)["refresh_token"]
