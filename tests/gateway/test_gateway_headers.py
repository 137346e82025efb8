"""Hop-by-hop headers stay on their hop; request ids and trace context cross the gateway."""
import json
import re

import pytest
from opentelemetry.trace import SpanKind

pytestmark = pytest.mark.unit

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_hop_by_hop_request_headers_are_not_forwarded(gateway, tokens):
    seen = json.loads(gateway.request("GET", "/v1/bids/1", headers={
        **tokens.bearer(), "Connection": "keep-alive, X-Drop-Me", "X-Drop-Me": "1", "Keep-Alive": "timeout=5",
        "TE": "trailers", "Proxy-Authorization": "Basic eDp5", "Upgrade": "websocket", "X-Kept": "yes"}).data)

    forwarded = seen["headers"]
    assert forwarded["x-kept"] == "yes"
    for name in ("x-drop-me", "keep-alive", "te", "proxy-authorization", "upgrade"):
        assert name not in forwarded


def test_hop_by_hop_response_headers_are_not_returned(gateway, tokens):
    response = gateway.request("GET", "/v1/bids/1/hop-by-hop", headers=tokens.bearer())

    assert response.headers["X-Kept"] == "yes"
    for name in ("X-Hop-Secret", "Keep-Alive", "Proxy-Authenticate", "Trailer", "Upgrade"):
        assert name not in response.headers
    assert "X-Hop-Secret" not in response.headers.get("Connection", "")


def test_a_request_id_is_generated_and_sent_both_ways(gateway, tokens):
    response = gateway.request("GET", "/v1/bids/1", headers=tokens.bearer())

    request_id = response.headers["X-Request-ID"]
    assert UUID4.match(request_id)
    assert json.loads(response.data)["headers"]["x-request-id"] == request_id


def test_a_well_formed_request_id_from_the_client_is_kept(gateway, tokens):
    response = gateway.request("GET", "/v1/bids/1", headers={**tokens.bearer(), "X-Request-ID": "portal:42.a_b-c"})

    assert response.headers["X-Request-ID"] == "portal:42.a_b-c"
    assert json.loads(response.data)["headers"]["x-request-id"] == "portal:42.a_b-c"


@pytest.mark.parametrize("request_id", ["has spaces", "x" * 129, "<script>"])
def test_a_malformed_request_id_is_replaced(gateway, tokens, request_id):
    response = gateway.request("GET", "/v1/bids/1", headers={**tokens.bearer(), "X-Request-ID": request_id})

    assert UUID4.match(response.headers["X-Request-ID"])
    assert json.loads(response.data)["headers"]["x-request-id"] == response.headers["X-Request-ID"]


def test_problem_documents_carry_the_request_id_too(gateway):
    assert UUID4.match(gateway.request("GET", "/v1/bids/1").headers["X-Request-ID"])


def test_the_service_receives_the_trace_context_of_the_gateways_span(gateway, tokens):
    seen = json.loads(gateway.request("GET", "/v1/notices/1").data)

    spans = gateway.finished_spans(2)
    server = next(span for span in spans if span.kind == SpanKind.SERVER)
    client = next(span for span in spans if span.kind == SpanKind.CLIENT)
    version, trace_id, parent_id, flags = seen["headers"]["traceparent"].split("-")
    assert trace_id == format(server.context.trace_id, "032x") == format(client.context.trace_id, "032x")
    assert parent_id == format(client.context.span_id, "016x")
    assert client.parent.span_id == server.context.span_id


def test_a_trace_started_by_the_client_continues_through_the_gateway(gateway):
    incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    seen = json.loads(gateway.request("GET", "/v1/notices/1", headers={"traceparent": incoming}).data)

    assert seen["headers"]["traceparent"].split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert seen["headers"]["traceparent"].split("-")[2] != "00f067aa0ba902b7"
