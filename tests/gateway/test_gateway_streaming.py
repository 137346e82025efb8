"""Bodies stream through the gateway both ways, intact, and within the size limit."""
import json
import uuid

import pytest

pytestmark = pytest.mark.unit

MIB = 1024 * 1024


def test_a_20_mib_response_arrives_intact(gateway, payload, tokens):
    size = 20 * MIB
    response = gateway.request("GET", f"/v1/documents/files/1/large?bytes={size}", headers=tokens.bearer(),
                               preload_content=False)

    assert response.status == 200
    assert response.headers["Content-Length"] == str(size)
    assert payload.sha256(response.stream(256 * 1024)) == payload.sha256(payload.pattern(size))
    response.release_conn()


def test_a_chunked_response_arrives_intact(gateway, payload, tokens):
    size = 3 * MIB + 17
    response = gateway.request("GET", f"/v1/documents/files/1/large?bytes={size}&chunked=1",
                               headers=tokens.bearer())

    assert payload.sha256([response.data]) == payload.sha256(payload.pattern(size))


def test_a_request_body_with_a_length_reaches_the_service_intact(gateway, payload, tokens):
    size = 8 * MIB
    body = b"".join(payload.pattern(size, seed=3))

    response = gateway.request("PUT", "/v1/documents/vault/1", body=body, headers={
        **tokens.bearer(), "Content-Type": "application/octet-stream"})

    assert json.loads(response.data)["body_sha256"] == payload.sha256([body])


def test_a_chunked_request_body_reaches_the_service_intact(gateway, payload, tokens):
    size = 2 * MIB + 5

    response = gateway.request("POST", "/v1/documents/vault", body=payload.pattern(size, seed=4), chunked=True,
                               headers={**tokens.bearer(), "Content-Type": "application/octet-stream"})

    assert json.loads(response.data)["body_sha256"] == payload.sha256(payload.pattern(size, seed=4))


def test_a_body_over_the_limit_is_a_413_problem_and_never_reaches_the_service(
        start_gateway, services, tokens, problem):
    gateway = start_gateway(max_body_bytes=1024)
    marker = uuid.uuid4().hex

    response = gateway.request("POST", f"/v1/documents/{marker}", body=b"x" * 2048, headers=tokens.bearer())

    assert response.status == 413
    assert problem(response)["type"].endswith("/payload-too-large")
    assert services["documents"].requests_to(marker) == []


def test_a_chunked_body_over_the_limit_is_a_413_problem(start_gateway, tokens, problem):
    gateway = start_gateway(max_body_bytes=64 * 1024)

    response = gateway.request("POST", "/v1/documents/vault", body=iter([b"x" * 65536] * 4), chunked=True,
                               headers=tokens.bearer())

    assert response.status == 413
    problem(response)


def test_a_client_that_hangs_up_mid_download_frees_the_upstream_and_the_gateway_carries_on(gateway, tokens):
    response = gateway.request("GET", f"/v1/documents/files/1/large?bytes={20 * MIB}", headers=tokens.bearer(),
                               preload_content=False)
    response.read(MIB)
    response.close()  # hang up with 19 MiB unread

    client_spans = [span for span in gateway.finished_spans(2) if span.kind.name == "CLIENT"]
    assert len(client_spans) == 1  # the gateway closed its side and ended the span
    assert gateway.request("GET", "/v1/documents/files/1", headers=tokens.bearer()).status == 200
