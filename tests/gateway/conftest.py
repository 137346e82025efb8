"""Real HTTP all the way: fake services and the gateway are served by werkzeug on loopback ports.

Tokens are signed with an Ed25519 key generated per session and published through an
in-memory JWKS, so the gateway's verifier is the real one.
"""
from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field

import jwt
import pytest
import urllib3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from gateway.app import create_app
from gateway.config import GatewaySettings
from procure.config import SERVICES
from procure.tokens import JwksCache, TokenVerifier

ISSUER = "https://procure.test/identity"
AUDIENCE = "procure"
KID = "test-key-1"


# ---------------------------------------------------------------- serving over loopback

@dataclass
class Served:
    url: str
    server: object
    thread: threading.Thread

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve(app) -> Served:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    return Served(f"http://127.0.0.1:{server.server_port}", server, thread)


def a_port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- fake services

def pattern_bytes(size: int, seed: int = 7):
    """Deterministic, non-repeating-looking bytes, yielded in 64 KiB blocks."""
    block = hashlib.sha256(str(seed).encode()).digest() * 2048  # 64 KiB
    sent = 0
    while sent < size:
        piece = block[: min(len(block), size - sent)]
        sent += len(piece)
        yield piece


def sha256_of(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def openapi_of(service: str) -> dict:
    """A small flask-smorest-like document: its own `Error` and a schema referring to another."""
    thing = service.capitalize().rstrip("s")
    return {
        "openapi": "3.1.0", "info": {"title": f"Procure {service}", "version": "v1"},
        "tags": [{"name": service, "description": f"The {service} service"}],
        "paths": {f"/v1/{service}/{{id}}": {"get": {
            "summary": f"Read one {thing.lower()}", "tags": [service],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{thing}"}}}},
                "default": {"$ref": "#/components/responses/DEFAULT_ERROR"}},
            "security": [{"bearer": []}]}}},
        "components": {
            "schemas": {
                thing: {"type": "object", "properties": {
                    "id": {"type": "string"}, "title": {"$ref": f"#/components/schemas/{thing}Title"}}},
                f"{thing}Title": {"type": "object", "additionalProperties": {"type": "string"}},
                "Error": {"type": "object", "properties": {"title": {"type": "string"}}}},
            "responses": {"DEFAULT_ERROR": {"description": "Default error response", "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }


@dataclass
class FakeService:
    """A service that tells what it received, and a few paths that misbehave on purpose."""

    name: str
    received: list = field(default_factory=list)
    openapi_requests: int = 0
    served: Served | None = None

    @property
    def url(self) -> str:
        return self.served.url

    def requests_to(self, fragment: str) -> list[dict]:
        return [seen for seen in self.received if fragment in seen["path"]]

    @Request.application
    def __call__(self, request: Request) -> Response:
        if request.path == "/healthz":
            return Response('{"status": "ok"}', mimetype="application/json")
        if request.path == "/openapi.json":
            self.openapi_requests += 1
            return Response(json.dumps(openapi_of(self.name)), mimetype="application/json")
        seen = self._record(request)
        return self._special(request) or Response(json.dumps(seen), mimetype="application/json")

    def _record(self, request: Request) -> dict:
        seen = {"service": self.name, "method": request.method,
                "path": request.environ.get("RAW_URI", request.full_path),
                "query": request.query_string.decode(), "headers": {k.lower(): v for k, v in request.headers.items()},
                "body_sha256": sha256_of(iter(lambda: request.stream.read(64 * 1024), b""))}
        self.received.append(seen)
        return seen

    def _special(self, request: Request) -> Response | None:
        last = request.path.rsplit("/", 1)[-1]
        if last == "slow":
            time.sleep(float(request.args.get("seconds", "2")))
            return Response("late", mimetype="text/plain")
        if last == "large":
            size = int(request.args["bytes"])
            headers = {} if request.args.get("chunked") else {"Content-Length": str(size)}
            return Response(pattern_bytes(size), mimetype="application/octet-stream", headers=headers)
        if last == "hop-by-hop":
            return Response("hops", mimetype="text/plain", headers=[
                ("Connection", "X-Hop-Secret"), ("X-Hop-Secret", "1"), ("Keep-Alive", "timeout=5"),
                ("Proxy-Authenticate", "Basic"), ("Trailer", "X-Checksum"), ("Upgrade", "h2c"),
                ("X-Kept", "yes")])
        if last == "presigned":
            return Response(status=307, headers={"Location": "https://s3.example/bucket/key?X-Amz-Signature=abc"})
        return None


@pytest.fixture(scope="session")
def services():
    fakes = {name: FakeService(name) for name in SERVICES}
    for fake in fakes.values():
        fake.served = serve(fake)
    yield fakes
    for fake in fakes.values():
        fake.served.stop()


# ---------------------------------------------------------------- tokens

@dataclass
class Tokens:
    key: Ed25519PrivateKey
    kid: str = KID

    def claims(self, **overrides) -> dict:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-1", "org": "org-1", "roles": ["buyer"],
                  "scope": "notices:write", "iat": now, "exp": now + 900, "jti": str(uuid.uuid4())}
        claims.update(overrides)
        return claims

    def valid(self, **overrides) -> str:
        return self.signed(self.claims(**overrides))

    def signed(self, claims: dict, *, key: Ed25519PrivateKey | None = None, kid: str | None = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="EdDSA", headers={"kid": kid or self.kid})

    def bearer(self, token: str | None = None, **overrides) -> dict:
        """An Authorization header with the given token, or a valid one with these claims."""
        return {"Authorization": f"Bearer {token or self.valid(**overrides)}"}

    def public_jwks(self) -> dict:
        jwk = jwt.algorithms.OKPAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "EdDSA", "use": "sig"}]}


@pytest.fixture(scope="session")
def tokens() -> Tokens:
    return Tokens(Ed25519PrivateKey.generate())


# ---------------------------------------------------------------- the gateway under test

@dataclass
class Gateway:
    url: str
    spans: InMemorySpanExporter
    app: object
    client: urllib3.PoolManager

    def request(self, method: str, path: str, **kwargs) -> urllib3.BaseHTTPResponse:
        kwargs.setdefault("retries", False)
        kwargs.setdefault("redirect", False)
        kwargs.setdefault("timeout", urllib3.Timeout(connect=2, read=15))
        return self.client.request(method, self.url + path, **kwargs)

    def finished_spans(self, count: int, timeout: float = 3.0) -> list:
        """Spans end when the server closes the response, just after the client has it all."""
        deadline = time.monotonic() + timeout
        while len(self.spans.get_finished_spans()) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return list(self.spans.get_finished_spans())


@pytest.fixture
def start_gateway(services, tokens):
    """Starts a gateway over the fake services; keyword arguments override settings."""
    started: list[Served] = []

    def start(**overrides) -> Gateway:
        settings = GatewaySettings(**{
            "issuer": ISSUER, "audience": AUDIENCE, "jwks_url": "http://127.0.0.1:9/unused",
            **{f"{name}_url": fake.url for name, fake in services.items()}, **overrides})
        exporter = InMemorySpanExporter()
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        verifier = TokenVerifier(JwksCache(tokens.public_jwks, min_refresh_seconds=0), issuer=ISSUER,
                                 audience=AUDIENCE)
        app = create_app(settings, tracer_provider=provider, verifier=verifier)
        served = serve(app)
        started.append(served)
        return Gateway(served.url, exporter, app, urllib3.PoolManager(retries=False))

    yield start
    for served in started:
        served.stop()


@pytest.fixture
def gateway(start_gateway) -> Gateway:
    return start_gateway()


def _problem(response) -> dict:
    assert response.headers["Content-Type"] == "application/problem+json", response.data[:300]
    body = json.loads(response.data)
    assert body["status"] == response.status
    return body


@pytest.fixture
def problem():
    """Reads a response as an RFC 9457 problem document, checking its media type."""
    return _problem


@pytest.fixture
def dead_url() -> str:
    return f"http://127.0.0.1:{a_port_nobody_listens_on()}"


@pytest.fixture
def payload():
    """Large deterministic bodies and their digests."""
    class Payload:
        pattern = staticmethod(pattern_bytes)
        sha256 = staticmethod(sha256_of)
    return Payload
