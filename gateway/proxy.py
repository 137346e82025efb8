"""Forwards one request to its service and streams the answer back, bodies never held whole."""
from __future__ import annotations

import logging
from urllib.parse import quote

from flask import Request, Response, g, request
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from urllib3 import BaseHTTPResponse
from urllib3.exceptions import ConnectTimeoutError, HTTPError, ReadTimeoutError

from gateway.errors import BadUpstreamResponse, MalformedPath, UpstreamTimedOut
from gateway.upstreams import CHUNK_BYTES, Upstream, Upstreams
from procure.errors import DependencyUnavailable

log = logging.getLogger("procure.gateway.proxy")

# RFC 9110 7.6.1: meaningful for one connection only, never relayed.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                        "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"})
# Host is the upstream's own; Expect is answered by our server; the trace and request
# headers are replaced by the gateway's own.
_NOT_FORWARDED = HOP_BY_HOP | {"host", "expect", "traceparent", "tracestate", "x-request-id"}
# The gateway's server writes its own Server and Date; the request id is set by the gateway.
_NOT_RETURNED = HOP_BY_HOP | {"server", "date", "x-request-id"}
_PATH_SAFE = "/!$&'()*+,;=:@-._~"


class Proxy:
    def __init__(self, upstreams: Upstreams, tracer: trace.Tracer):
        self._upstreams = upstreams
        self._tracer = tracer

    def forward(self, service: str, rest: str | None = None) -> Response:
        """The view behind every `/v1/<service>/...` route."""
        upstream = self._upstreams[service]
        _refuse_dot_segments(request.path)
        headers = outgoing_headers(request, g.request_id)
        body, chunked = _request_body(request)
        span = self._tracer.start_span(f"{request.method} {service}", kind=SpanKind.CLIENT, attributes={
            "http.request.method": request.method, "server.address": upstream.pool.host,
            "server.port": upstream.pool.port, "procure.service": service})
        propagate.inject(headers, context=trace.set_span_in_context(span))
        try:
            answer = upstream.pool.urlopen(
                request.method, upstream.base_path + _target(request), body=body, headers=headers,
                retries=False, redirect=False, assert_same_host=False, timeout=self._upstreams.timeout,
                preload_content=False, decode_content=False, chunked=chunked)
        except Exception as error:
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            span.end()
            problem = _problem_for(error, upstream)
            if problem is error:
                raise
            raise problem from error
        span.set_attribute("http.response.status_code", answer.status)
        return _relayed(answer, span)


def outgoing_headers(incoming: Request, request_id: str) -> dict[str, str]:
    """The client's headers minus hop-by-hop ones, plus X-Forwarded-* and the request id."""
    environ = incoming.environ
    listed = _connection_tokens(environ.get("HTTP_CONNECTION"))
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").lower()
            if name not in _NOT_FORWARDED and name not in listed:
                headers[name] = value
    for key, name in (("CONTENT_TYPE", "content-type"), ("CONTENT_LENGTH", "content-length")):
        if environ.get(key):
            headers[name] = environ[key]
    client = incoming.remote_addr or "unknown"
    prior = headers.get("x-forwarded-for")
    headers["x-forwarded-for"] = f"{prior}, {client}" if prior else client
    headers["x-forwarded-proto"] = incoming.scheme
    headers["x-forwarded-host"] = incoming.host
    headers["x-request-id"] = request_id
    return headers


def _relayed(answer: BaseHTTPResponse, span) -> Response:
    listed = _connection_tokens(answer.headers.get("connection"))
    headers = [(name, value) for name, value in answer.headers.items()
               if name.lower() not in _NOT_RETURNED and name.lower() not in listed]
    response = Response(UpstreamBody(answer, span), status=answer.status, headers=headers,
                        direct_passthrough=True)
    if "content-type" not in answer.headers:
        del response.headers["Content-Type"]  # werkzeug's default would misdescribe the body
    return response


class UpstreamBody:
    """The service's body, relayed chunk by chunk as the client reads it.

    The WSGI server calls `close()` whether the body was sent whole, cut short by the client
    or never started; that is when the connection goes back to the pool and the span ends.
    """

    def __init__(self, answer: BaseHTTPResponse, span):
        self._answer = answer
        self._span = span
        self._complete = False
        self._closed = False

    def __iter__(self):
        try:
            yield from self._answer.stream(CHUNK_BYTES, decode_content=False)
        except HTTPError as error:
            # Too late for a problem document: the status is sent. Re-raising makes the
            # server drop the connection, so the client cannot take a cut body for a whole one.
            log.warning("the upstream broke off its answer: %s", error)
            self._span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            raise
        self._complete = True

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self._complete and not self._answer.isclosed():
            # Unread bytes must not go back to the pool with the connection. (A HEAD, 204 or
            # 304 answer has none and is already closed: its connection is kept.)
            self._answer.close()
        self._answer.release_conn()
        self._span.end()


def _request_body(incoming: Request):
    """The client's body as a stream the pool reads in blocks, and whether to send it chunked."""
    if incoming.content_length:
        return incoming.stream, False
    if "chunked" in incoming.environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return incoming.stream, True
    return None, False


def _target(incoming: Request) -> str:
    """Path and query as the client wrote them, so that escapes like %2F reach the service intact."""
    environ = incoming.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw and raw.startswith("/") and not environ.get("SCRIPT_NAME"):
        return raw
    path = quote(environ.get("PATH_INFO", "").encode("latin-1"), safe=_PATH_SAFE)
    query = environ.get("QUERY_STRING")
    return f"{path}?{query}" if query else path


def _refuse_dot_segments(path: str) -> None:
    # A service behind a path-normalising server could be reached past the public-route
    # check with /v1/notices/../bids/...; no API path needs dot segments.
    if "/." in path and any(segment in (".", "..") for segment in path.split("/")):
        raise MalformedPath("Paths may not contain '.' or '..' segments.")


def _connection_tokens(value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    return frozenset(token.strip().lower() for token in value.split(","))


def _problem_for(error: Exception, upstream: Upstream) -> Exception:
    if not isinstance(error, HTTPError):
        return error  # ours (a body over the limit while streaming) or a bug: rendered as it is
    log.warning("request to the %s service failed: %s", upstream.name, error)
    if isinstance(error, ConnectTimeoutError):  # includes refused connections and unknown hosts
        return DependencyUnavailable(f"The {upstream.name} service is unavailable; try again shortly.",
                                     service=upstream.name)
    if isinstance(error, ReadTimeoutError):
        return UpstreamTimedOut(f"The {upstream.name} service did not answer in time.", service=upstream.name)
    return BadUpstreamResponse(f"The {upstream.name} service gave an unreadable answer.", service=upstream.name)
