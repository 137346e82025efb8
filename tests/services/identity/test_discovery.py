"""`/.well-known/openid-configuration` tells clients where to get, revoke and verify tokens."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from services.identity.domain.api_clients import SCOPES

pytestmark = pytest.mark.integration


@pytest.fixture
def configuration(identity_client) -> dict:
    answer = identity_client.get("/.well-known/openid-configuration")
    assert answer.status_code == 200 and "max-age" in answer.headers["Cache-Control"]
    return answer.get_json()


def test_the_issuer_is_the_one_tokens_carry(configuration, identity_settings):
    assert configuration["issuer"] == identity_settings.issuer.rstrip("/")


def test_every_grant_the_token_endpoint_takes_is_listed(configuration):
    assert sorted(configuration["grant_types_supported"]) == ["client_credentials", "password", "refresh_token"]


def test_client_authentication_by_basic_and_by_form_is_listed(configuration):
    assert {"client_secret_basic", "client_secret_post", "none"} == set(
        configuration["token_endpoint_auth_methods_supported"])


def test_the_scopes_are_the_api_client_vocabulary(configuration):
    assert configuration["scopes_supported"] == sorted(SCOPES)


def test_the_listed_endpoints_are_served_by_this_app(configuration, identity_client):
    token = identity_client.post(urlsplit(configuration["token_endpoint"]).path, data={"grant_type": "nope"})
    revoke = identity_client.post(urlsplit(configuration["revocation_endpoint"]).path, data={"token": "unknown"})
    jwks = identity_client.get(urlsplit(configuration["jwks_uri"]).path)

    assert token.get_json()["error"] == "unsupported_grant_type"
    assert revoke.status_code == 200
    assert jwks.status_code == 200 and jwks.get_json()["keys"]


def test_the_signing_algorithm_listed_is_the_one_of_the_published_keys(configuration, identity_client):
    keys = identity_client.get("/.well-known/jwks.json").get_json()["keys"]

    assert configuration["id_token_signing_alg_values_supported"] == ["EdDSA"]
    assert {key.get("alg", "EdDSA") for key in keys} == {"EdDSA"}
    assert {key["crv"] for key in keys} == {"Ed25519"}
