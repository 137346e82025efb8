"""Tokens are checked at the gateway on every route not on the public list."""
import base64
import hashlib
import hmac
import json
import time
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

pytestmark = pytest.mark.unit

PROTECTED = "/v1/bids/tenders/1/bids"


def _segment(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _assert_refused(response, problem, because: str = ""):
    assert response.status == 401
    body = problem(response)
    assert body["type"].endswith("/unauthenticated")
    assert because in body["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_reaches_a_protected_route(gateway, tokens):
    assert gateway.request("GET", PROTECTED, headers=tokens.bearer()).status == 200


def test_a_protected_route_without_a_token_is_refused(gateway, problem):
    _assert_refused(gateway.request("GET", PROTECTED), problem)


def test_a_refused_request_never_reaches_the_service(gateway, services):
    marker = uuid.uuid4().hex
    gateway.request("DELETE", f"/v1/bids/{marker}")

    assert services["bids"].requests_to(marker) == []


def test_an_expired_token_is_refused(gateway, tokens, problem):
    expired = tokens.valid(iat=int(time.time()) - 3600, exp=int(time.time()) - 600)

    _assert_refused(gateway.request("GET", PROTECTED, headers=tokens.bearer(expired)), problem, "expired")


def test_a_token_with_a_forged_signature_is_refused(gateway, tokens, problem):
    forged = tokens.signed(tokens.claims(), key=Ed25519PrivateKey.generate())  # same kid, other key

    _assert_refused(gateway.request("GET", PROTECTED, headers=tokens.bearer(forged)), problem, "signature")


def test_a_token_signed_with_alg_none_is_refused(gateway, tokens, problem):
    unsigned = f"{_segment({'alg': 'none', 'kid': tokens.kid, 'typ': 'JWT'})}.{_segment(tokens.claims())}."

    _assert_refused(gateway.request("GET", PROTECTED, headers=tokens.bearer(unsigned)), problem, "'none' are not accepted")


def test_an_hs256_token_keyed_with_the_public_key_is_refused(gateway, tokens, problem):
    public_pem = tokens.key.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = f"{_segment({'alg': 'HS256', 'kid': tokens.kid})}.{_segment(tokens.claims())}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    confused = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"

    _assert_refused(gateway.request("GET", PROTECTED, headers=tokens.bearer(confused)), problem, "'HS256' are not accepted")


def test_a_token_for_another_audience_is_refused(gateway, tokens, problem):
    _assert_refused(gateway.request("GET", PROTECTED, headers=tokens.bearer(aud="another-suite")), problem, "audience")


def test_a_token_from_another_issuer_is_refused(gateway, tokens, problem):
    _assert_refused(gateway.request("GET", PROTECTED, headers=tokens.bearer(iss="https://evil.example")), problem, "issuer")


def test_a_token_signed_by_an_unknown_key_is_refused(gateway, tokens, problem):
    stranger = tokens.signed(tokens.claims(), key=Ed25519PrivateKey.generate(), kid="not-a-known-kid")

    _assert_refused(gateway.request("GET", PROTECTED, headers=tokens.bearer(stranger)), problem, "key")


def test_an_authorization_header_of_another_scheme_is_refused(gateway, problem):
    _assert_refused(gateway.request("GET", PROTECTED, headers={"Authorization": "Basic dXNlcjpwYXNz"}), problem)


@pytest.mark.parametrize("method, path", [
    ("GET", "/v1/notices"),
    ("GET", "/v1/notices/8d4a/lots?limit=3"),
    ("HEAD", "/v1/notices/8d4a"),
    ("POST", "/v1/identity/registrations"),
    ("POST", "/v1/identity/token"),
    ("GET", "/.well-known/jwks.json"),
    ("GET", "/healthz"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/v1/documents/0b6d3f9e-7c1a-4e8b-9d2f-5a6c7e8f9a0b/content"),
])
def test_a_public_route_needs_no_token(gateway, method, path):
    assert gateway.request(method, path, body=b"{}" if method == "POST" else None).status == 200


@pytest.mark.parametrize("method, path", [
    ("POST", "/v1/notices"),
    ("PATCH", "/v1/notices/8d4a"),
    ("GET", "/v1/identity/users/me"),
    ("GET", "/v1/documents/1"),
    ("GET", "/v1/alerts/subscriptions"),
])
def test_writes_and_private_reads_need_a_token(gateway, problem, method, path):
    _assert_refused(gateway.request(method, path), problem)


def test_a_bad_token_on_a_public_route_is_still_refused(gateway, tokens, problem):
    _assert_refused(gateway.request("GET", "/v1/notices", headers=tokens.bearer(aud="another-suite")), problem)


def test_basic_client_credentials_reach_the_token_endpoint_untouched(gateway, services):
    marker = uuid.uuid4().hex
    basic = "Basic " + base64.b64encode(f"{marker}:client-secret".encode()).decode()
    answer = gateway.request("POST", "/v1/identity/token", headers={"Authorization": basic},
                             body=b"grant_type=client_credentials")
    assert answer.status == 200
    (forwarded,) = [seen for seen in services["identity"].requests_to("/v1/identity/token")
                    if seen["headers"].get("authorization") == basic]
    assert forwarded["method"] == "POST"


def test_basic_credentials_on_any_other_route_are_refused(gateway, problem):
    basic = "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    answer = gateway.request("GET", PROTECTED, headers={"Authorization": basic})
    assert answer.status == 401
