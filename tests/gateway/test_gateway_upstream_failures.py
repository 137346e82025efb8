"""A service that is down, slow or broken becomes a problem document, never a hang or a 500."""
import socket
import threading

import pytest
import urllib3

pytestmark = pytest.mark.unit


@pytest.fixture
def garbage_url():
    """A TCP server that answers anything with bytes that are not HTTP."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def answer_once():
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(b"this is not HTTP at all\r\n\r\n")

    thread = threading.Thread(target=answer_once, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    thread.join(timeout=5)


def test_a_stopped_service_is_a_503_problem_naming_it(start_gateway, dead_url, tokens, problem):
    gateway = start_gateway(bids_url=dead_url)

    # A client timeout well under the gateway's own: the gateway must not wait to give up.
    response = gateway.request("GET", "/v1/bids/1", headers=tokens.bearer(), timeout=urllib3.Timeout(read=1.5))

    assert response.status == 503
    body = problem(response)
    assert body["type"].endswith("/dependency-unavailable")
    assert body["service"] == "bids"
    assert "bids" in body["detail"]


def test_a_service_slower_than_the_read_timeout_is_a_504_problem(start_gateway, tokens, problem):
    gateway = start_gateway(upstream_read_timeout_seconds=0.2)

    # The service would answer after 3 s; the client gives up after 2 s: the 504 came from the gateway.
    response = gateway.request("GET", "/v1/notices/1/slow?seconds=3", headers=tokens.bearer(),
                               timeout=urllib3.Timeout(read=2))

    assert response.status == 504
    assert problem(response)["service"] == "notices"


def test_a_service_that_answers_in_time_is_not_cut_off(start_gateway, tokens):
    gateway = start_gateway(upstream_read_timeout_seconds=2)

    response = gateway.request("GET", "/v1/notices/1/slow?seconds=0.1", headers=tokens.bearer())

    assert (response.status, response.data) == (200, b"late")


def test_an_answer_that_is_not_http_is_a_502_problem(start_gateway, garbage_url, tokens, problem):
    gateway = start_gateway(alerts_url=garbage_url)

    response = gateway.request("GET", "/v1/alerts/1", headers=tokens.bearer())

    assert response.status == 502
    assert problem(response)["type"].endswith("/bad-gateway")
