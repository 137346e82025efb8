"""Which service answers which path, and what reaches it."""
import json
import uuid

import pytest

from procure.config import SERVICES

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_prefix_reaches_its_service_with_path_and_query(gateway, tokens, service):
    response = gateway.request("GET", f"/v1/{service}/things/42?limit=5&cursor=abc%3D", headers=tokens.bearer())

    assert response.status == 200
    seen = json.loads(response.data)
    assert seen["service"] == service
    assert seen["path"] == f"/v1/{service}/things/42?limit=5&cursor=abc%3D"


def test_the_bare_service_prefix_and_its_trailing_slash_are_forwarded_as_written(gateway, tokens):
    bare = json.loads(gateway.request("GET", "/v1/bids", headers=tokens.bearer()).data)
    slashed = json.loads(gateway.request("GET", "/v1/bids/", headers=tokens.bearer()).data)

    assert (bare["path"], slashed["path"]) == ("/v1/bids", "/v1/bids/")


def test_escaped_characters_in_the_path_reach_the_service_unchanged(gateway, tokens):
    response = gateway.request("GET", "/v1/documents/files/a%2Fb%20c", headers=tokens.bearer())

    assert json.loads(response.data)["path"] == "/v1/documents/files/a%2Fb%20c"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_method_is_forwarded(gateway, tokens, method):
    response = gateway.request(method, "/v1/alerts/subscriptions/1", headers=tokens.bearer(), body=b"{}")

    assert json.loads(response.data)["method"] == method


def test_head_is_forwarded_and_answered_without_a_body(gateway, tokens, services):
    marker = uuid.uuid4().hex
    response = gateway.request("HEAD", f"/v1/notices/{marker}")

    assert response.status == 200
    assert response.data == b""
    assert services["notices"].requests_to(marker)[0]["method"] == "HEAD"


@pytest.mark.parametrize("path", ["/.well-known/jwks.json", "/.well-known/openid-configuration"])
def test_well_known_documents_come_from_identity(gateway, path):
    response = gateway.request("GET", path)

    assert response.status == 200
    seen = json.loads(response.data)
    assert (seen["service"], seen["path"]) == ("identity", path)


def test_an_unknown_prefix_is_a_404_problem(gateway, problem):
    response = gateway.request("GET", "/v1/payments/1")

    assert response.status == 404
    assert problem(response)["instance"] == "/v1/payments/1"


def test_a_method_a_route_does_not_take_is_a_405_problem(gateway, problem):
    response = gateway.request("POST", "/healthz")

    assert response.status == 405
    problem(response)
    assert "GET" in response.headers["Allow"]


def test_a_path_with_dot_segments_is_refused_before_any_service_sees_it(gateway, services, problem):
    marker = uuid.uuid4().hex
    response = gateway.request("GET", f"/v1/notices/%2E%2E/bids/{marker}")

    assert response.status == 400
    assert problem(response)["type"].endswith("/malformed-path")
    assert not any(fake.requests_to(marker) for fake in services.values())


def test_redirects_from_a_service_are_passed_to_the_client_not_followed(gateway, tokens):
    response = gateway.request("GET", "/v1/documents/files/1/presigned", headers=tokens.bearer())

    assert response.status == 307
    assert response.headers["Location"] == "https://s3.example/bucket/key?X-Amz-Signature=abc"


def test_the_authorization_header_is_forwarded_unchanged(gateway, tokens):
    header = tokens.bearer()
    seen = json.loads(gateway.request("GET", "/v1/bids/1", headers=header).data)

    assert seen["headers"]["authorization"] == header["Authorization"]


def test_the_service_is_told_who_the_client_is_and_how_it_called(gateway, tokens):
    seen = json.loads(gateway.request("GET", "/v1/bids/1", headers={
        **tokens.bearer(), "X-Forwarded-For": "203.0.113.9"}).data)

    assert seen["headers"]["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"
    assert seen["headers"]["x-forwarded-proto"] == "http"
    assert seen["headers"]["x-forwarded-host"] == gateway.url.removeprefix("http://")
    assert seen["headers"]["host"] != seen["headers"]["x-forwarded-host"]
