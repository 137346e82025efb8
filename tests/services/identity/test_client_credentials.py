"""Back-office systems get access tokens with the client-credentials grant; every refusal is an RFC 6749 error."""
from __future__ import annotations

import base64
import uuid
from datetime import datetime, timezone

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from procure.tokens import JwksCache, TokenVerifier
from services.identity.adapters.signing_keys import SigningKeys
from services.identity.api.tokens.client_authentication import client_credentials
from services.identity.api.tokens.errors import InvalidRequest
from services.identity.domain.api_clients import InvalidClient, InvalidScope
from services.identity.domain.commands import (CreateApiClient, IssueClientToken, RevokeApiClient,
                                               RotateApiClientSecret)
from services.identity.domain.organisations import Organisation, OrganisationKind
from services.identity.service import api_clients
from services.identity.service.tokens import TokenPolicy
from tests.services.identity.fakes import FakeIdentityStore, FakeIdentityUnitOfWork

pytestmark = pytest.mark.unit

NOW = datetime.now(timezone.utc)
POLICY = TokenPolicy(issuer="https://region.example", audience="procure", access_seconds=900, refresh_days=30)
SCOPES = ("documents:read", "notices:read", "notices:write")


@pytest.fixture(scope="module")
def keys() -> SigningKeys:
    return SigningKeys({"20300101T000000-aaaa": Ed25519PrivateKey.generate()})


@pytest.fixture
def store() -> FakeIdentityStore:
    return FakeIdentityStore()


@pytest.fixture
def organisation_id(store) -> uuid.UUID:
    organisation = Organisation(id=uuid.uuid4(), name="Ville de Namur", kind=OrganisationKind.BUYER,
                                country="BE", created_at=NOW)
    store.tables.organisations[organisation.id] = organisation
    return organisation.id


@pytest.fixture
def client(store, organisation_id):
    """(the stored client, its secret)."""
    return api_clients.create(CreateApiClient(organisation_id, "ERP", SCOPES, created_by="admin"),
                              FakeIdentityUnitOfWork(store))


def token(store, keys, client_id, secret, scope=None) -> dict:
    return api_clients.issue_token(IssueClientToken(str(client_id), secret, scope), FakeIdentityUnitOfWork(store),
                                   keys, POLICY)


def refused(error_type, *args, **kwargs):
    with pytest.raises(error_type) as raised:
        token(*args, **kwargs)
    return raised.value


def test_a_client_token_verifies_with_the_kit_and_carries_the_clients_scopes(store, keys, client,
                                                                            organisation_id):
    stored, secret = client
    verifier = TokenVerifier(JwksCache(fetch=keys.jwks), issuer=POLICY.issuer, audience=POLICY.audience)

    principal = verifier.verify(token(store, keys, stored.id, secret)["access_token"])

    assert principal.subject == f"client:{stored.id}"
    assert principal.organisation == str(organisation_id)
    assert principal.roles == frozenset()
    assert principal.scopes == frozenset(SCOPES)
    assert principal.claims["client_id"] == str(stored.id)


def test_the_scope_claim_is_space_separated(store, keys, client):
    stored, secret = client
    claims = jwt.decode(token(store, keys, stored.id, secret)["access_token"], options={"verify_signature": False})
    assert claims["scope"] == "documents:read notices:read notices:write"
    assert claims["exp"] - claims["iat"] == POLICY.access_seconds


def test_the_client_credentials_grant_issues_no_refresh_token(store, keys, client):
    answer = token(store, keys, client[0].id, client[1])
    assert answer.keys() == {"access_token", "token_type", "expires_in", "scope"}
    assert store.tables.refresh_tokens == {}


def test_a_scope_asked_narrows_the_token(store, keys, client):
    answer = token(store, keys, client[0].id, client[1], scope="notices:read")
    claims = jwt.decode(answer["access_token"], options={"verify_signature": False})
    assert answer["scope"] == claims["scope"] == "notices:read"


def test_a_scope_beyond_the_clients_is_an_invalid_scope(store, keys, client):
    error = refused(InvalidScope, store, keys, client[0].id, client[1], scope="notices:read bids:read")
    assert (error.status, error.extensions) == (400, {"error": "invalid_scope"})


def test_a_wrong_secret_is_an_invalid_client(store, keys, client):
    error = refused(InvalidClient, store, keys, client[0].id, "pcs_not-the-secret")
    assert (error.status, error.extensions) == (401, {"error": "invalid_client"})
    assert error.headers["WWW-Authenticate"].startswith("Basic ")


@pytest.mark.parametrize("client_id", ["0b6d3f9e-7c1a-4e8b-9d2f-5a6c7e8f9a0b", "not-a-uuid", ""])
def test_an_unknown_client_is_an_invalid_client(store, keys, client_id):
    refused(InvalidClient, store, keys, client_id, "pcs_whatever")


def test_a_revoked_client_gets_no_token(store, keys, client, organisation_id):
    api_clients.revoke(RevokeApiClient(organisation_id, client[0].id, "admin"), FakeIdentityUnitOfWork(store))
    refused(InvalidClient, store, keys, client[0].id, client[1])


def test_after_rotation_only_the_new_secret_works(store, keys, client, organisation_id):
    _, new = api_clients.rotate_secret(RotateApiClientSecret(organisation_id, client[0].id, "admin"),
                                       FakeIdentityUnitOfWork(store))

    refused(InvalidClient, store, keys, client[0].id, client[1])
    assert token(store, keys, client[0].id, new)["access_token"]


def test_issuing_a_token_is_audited(store, keys, client):
    token(store, keys, client[0].id, client[1], scope="notices:read")

    event = store.tables.audit[-1]
    assert (event.action, event.actor_id, event.subject) == (
        "token.client-credentials", f"client:{client[0].id}", str(client[0].id))
    assert event.details == {"scopes": ["notices:read"]}


@pytest.mark.parametrize(("secret", "scope", "reason"), [("pcs_wrong", None, "invalid_client"),
                                                          (None, "bids:read", "invalid_scope")])
def test_a_refusal_is_audited_and_committed_without_the_secret(store, keys, client, secret, scope, reason):
    refused((InvalidClient, InvalidScope), store, keys, client[0].id, secret or client[1], scope=scope)

    event = store.tables.audit[-1]
    assert (event.action, event.actor_id, event.subject) == (
        "token.client-credentials-refused", None, str(client[0].id))
    assert event.details == {"reason": reason}
    assert client[1] not in repr(event) and "pcs_wrong" not in repr(event)


def test_an_id_that_is_no_clients_is_not_written_to_the_audit_log(store, keys):
    refused(InvalidClient, store, keys, "pcs_pasted-in-the-wrong-field", "x")
    assert store.tables.audit[-1].subject is None


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def test_basic_credentials_are_read_from_the_authorization_header():
    assert client_credentials(basic("abc", "s3cret"), {}) == ("abc", "s3cret")


def test_basic_credentials_are_form_urlencoded_before_they_are_joined():
    assert client_credentials(basic("a%3Ab", "s+e%25cret"), {}) == ("a:b", "s e%cret")


def test_credentials_in_the_form_are_read_when_no_header_comes():
    assert client_credentials(None, {"client_id": "abc", "client_secret": "s3cret"}) == ("abc", "s3cret")


def test_a_client_may_not_authenticate_twice():
    with pytest.raises(InvalidRequest):
        client_credentials(basic("abc", "s3cret"), {"client_id": "abc"})


@pytest.mark.parametrize("header", ["Bearer abc", "Basic !!!", "Basic " + base64.b64encode(b"no-colon").decode(),
                                    "Basic " + base64.b64encode(b"\xff:\xfe").decode()])
def test_unreadable_basic_credentials_are_an_invalid_client(header):
    with pytest.raises(InvalidClient):
        client_credentials(header, {})


def test_no_credentials_at_all_is_an_invalid_client():
    with pytest.raises(InvalidClient):
        client_credentials(None, {"client_id": "abc"})
