"""Browsers from the allow-listed portals only; each client within its rate limit."""
import uuid

import pytest

pytestmark = pytest.mark.unit

PORTAL = "https://portal.region.example"


def test_an_allow_listed_origin_may_read_the_answer_and_its_headers(start_gateway):
    gateway = start_gateway(cors_origins=[PORTAL])

    response = gateway.request("GET", "/v1/notices/1", headers={"Origin": PORTAL})

    assert response.headers["Access-Control-Allow-Origin"] == PORTAL
    exposed = {name.strip().lower() for name in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "location", "x-request-id", "retry-after"} <= exposed


def test_an_origin_not_on_the_list_gets_no_cors_headers(start_gateway):
    gateway = start_gateway(cors_origins=[PORTAL])

    response = gateway.request("GET", "/v1/notices/1", headers={"Origin": "https://portal.region.example.evil.test"})

    assert "Access-Control-Allow-Origin" not in response.headers


def test_no_origin_is_allowed_by_default(gateway):
    response = gateway.request("GET", "/v1/notices/1", headers={"Origin": PORTAL})

    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_preflight_is_answered_by_the_gateway_without_a_token(start_gateway, services):
    gateway = start_gateway(cors_origins=[PORTAL])
    marker = uuid.uuid4().hex

    response = gateway.request("OPTIONS", f"/v1/bids/{marker}", headers={
        "Origin": PORTAL, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})

    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == PORTAL
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()
    assert services["bids"].requests_to(marker) == []


def test_the_request_over_the_limit_is_a_429_problem_with_retry_after(start_gateway, tokens, problem):
    gateway = start_gateway(rate_limit="3/minute")
    header = tokens.bearer(sub="busy-user")

    statuses = [gateway.request("GET", "/v1/bids/1", headers=header).status for _ in range(3)]
    refused = gateway.request("GET", "/v1/bids/1", headers=header)

    assert statuses == [200, 200, 200]
    assert refused.status == 429
    assert problem(refused)["type"].endswith("/rate-limited")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_each_token_subject_has_its_own_budget(start_gateway, tokens):
    gateway = start_gateway(rate_limit="2/minute")
    for _ in range(2):
        gateway.request("GET", "/v1/bids/1", headers=tokens.bearer(sub="first-user"))

    assert gateway.request("GET", "/v1/bids/1", headers=tokens.bearer(sub="first-user")).status == 429
    assert gateway.request("GET", "/v1/bids/1", headers=tokens.bearer(sub="second-user")).status == 200


def test_callers_without_a_token_share_their_addresss_budget(start_gateway):
    gateway = start_gateway(rate_limit="2/minute")

    statuses = [gateway.request("GET", "/v1/notices/1").status for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_forged_tokens_count_against_the_limit_too(start_gateway, tokens):
    gateway = start_gateway(rate_limit="2/minute")
    forged = tokens.bearer("not.a.token")

    statuses = [gateway.request("GET", "/v1/bids/1", headers=forged).status for _ in range(3)]

    assert statuses == [401, 401, 429]


def test_health_metrics_and_docs_are_not_rate_limited(start_gateway):
    gateway = start_gateway(rate_limit="1/minute")

    statuses = {gateway.request("GET", path).status
                for path in ["/healthz", "/readyz", "/metrics", "/docs", "/docs/assets/swagger-ui.css"] * 2}

    assert statuses == {200}


def test_an_empty_rate_limit_turns_limiting_off(start_gateway):
    gateway = start_gateway(rate_limit="")

    assert {gateway.request("GET", "/v1/notices/1").status for _ in range(5)} == {200}
