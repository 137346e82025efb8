"""Probes and metrics of the gateway."""
import pytest

pytestmark = pytest.mark.unit


def test_healthz_says_the_gateway_is_alive_even_when_services_are_down(start_gateway, dead_url):
    gateway = start_gateway(notices_url=dead_url)

    assert gateway.request("GET", "/healthz").status == 200


def test_readyz_is_ready_when_every_service_answers(gateway):
    response = gateway.request("GET", "/readyz")

    assert response.status == 200


def test_readyz_lists_the_services_that_do_not_answer(start_gateway, dead_url, problem):
    gateway = start_gateway(notices_url=dead_url, bids_url=dead_url)

    response = gateway.request("GET", "/readyz")

    assert response.status == 503
    body = problem(response)
    assert body["unavailable"] == ["bids", "notices"]
    assert body["checks"]["identity"] == "ok"


def test_metrics_count_requests_per_service_and_status(gateway, tokens):
    gateway.request("GET", "/v1/notices/1")
    gateway.request("GET", "/v1/bids/1")

    metrics = gateway.request("GET", "/metrics").data.decode()

    assert 'procure_gateway_request_duration_seconds_count{method="GET",service="notices",status="200"} 1.0' in metrics
    assert 'procure_gateway_request_duration_seconds_count{method="GET",service="bids",status="401"} 1.0' in metrics
