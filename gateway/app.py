"""`create_app()` for gunicorn: `gunicorn "gateway.app:create_app()"`.

The single public entry of the suite: routes each `/v1/<service>/...` request to its
service, checks tokens, applies CORS and rate limits, and serves the merged API docs.
"""
from __future__ import annotations

from flask import Flask
from flask_cors import CORS
from opentelemetry.instrumentation.flask import FlaskInstrumentor

from gateway import admission
from gateway.config import GatewaySettings
from gateway.docs import install_docs
from gateway.health import install_health
from gateway.limits import install_rate_limits
from gateway.openapi import ApiCatalogue, install_openapi
from gateway.proxy import Proxy
from gateway.routes import install_routes
from gateway.token_cache import RememberingVerifier
from gateway.upstreams import Upstreams
from procure.config import load_settings
from procure.telemetry import tracer_provider_for
from procure.tokens import TokenVerifier, verifier_from_settings
from procure.web.problems import register_problem_handlers

NAME = "gateway"
# Headers a browser script may read from our answers.
EXPOSED_HEADERS = ["ETag", "Location", admission.REQUEST_ID, "Retry-After"]
CORS_MAX_AGE_SECONDS = 600
# Anchored on the path so that /v1/.../metrics of a service is still traced.
UNTRACED_URLS = r"^[a-z]+://[^/]+/(healthz|readyz|metrics)(\?|$),^[a-z]+://[^/]+/docs(/|\?|$)"


def create_app(config: GatewaySettings | None = None, *, tracer_provider=None,
               verifier: TokenVerifier | None = None) -> Flask:
    settings = config or load_settings(GatewaySettings)
    provider = tracer_provider or tracer_provider_for(NAME)
    app = Flask(f"procure.{NAME}", static_folder=None)
    # First, so that the request span exists before any other hook can refuse the request.
    FlaskInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls=UNTRACED_URLS)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_body_bytes)
    upstreams = Upstreams(settings.service_urls(), connect_timeout=settings.upstream_connect_timeout_seconds,
                          read_timeout=settings.upstream_read_timeout_seconds)
    register_problem_handlers(app)
    install_health(app, upstreams)
    _install_admission(app, settings, verifier or verifier_from_settings(settings))
    if settings.cors_origins:
        CORS(app, origins=list(settings.cors_origins), expose_headers=EXPOSED_HEADERS,
             max_age=CORS_MAX_AGE_SECONDS)
    install_openapi(app, ApiCatalogue(upstreams, settings.openapi_cache_seconds))
    install_docs(app)
    install_routes(app, Proxy(upstreams, provider.get_tracer("procure.gateway")))
    app.extensions["procure.settings"] = settings
    app.extensions["procure.gateway.upstreams"] = upstreams
    return app


def _install_admission(app: Flask, settings: GatewaySettings, verifier: TokenVerifier) -> None:
    # Order matters: who is calling, then the limiter (which counts per caller), then refusal.
    app.before_request(admission.caller_identifier(RememberingVerifier(verifier), settings.max_body_bytes))
    install_rate_limits(app, settings.rate_limit, settings.rate_limit_storage_url)
    app.before_request(admission.require_token)
    app.after_request(admission.echo_request_id)
