"""Builds a service's Flask app the same way for every service."""
from __future__ import annotations

import re
import uuid

from flask import Flask, current_app, g, request
from flask_smorest import Api
from opentelemetry.instrumentation.flask import FlaskInstrumentor

from procure.errors import ProcureError
from procure.web.auth import current_principal, install_token_verifier
from procure.web.event_types import event_types_blueprint
from procure.web.health import PROBE_PATHS, ReadinessCheck, install_health
from procure.web.problems import register_problem_handlers

REQUEST_ID = "X-Request-ID"
_REQUEST_ID_SHAPE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_API_DOCS_ENDPOINTS = ("api-docs.",)  # flask-smorest's own /openapi.json
JSON_BODY_TYPES = ("application/json", "application/merge-patch+json", "application/json-patch+json")


class UnsupportedMediaType(ProcureError):
    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


def create_service_app(name: str, settings, *, title: str, blueprints, checks: dict[str, ReadinessCheck],
                       verifier, tracer_provider) -> Flask:
    app = Flask(f"procure.{name}")
    # First, so that the request span exists before any other hook can refuse the request.
    FlaskInstrumentor.instrument_app(app, tracer_provider=tracer_provider, excluded_urls="healthz,readyz,metrics")
    app.config.update(
        API_TITLE=title, API_VERSION="v1", OPENAPI_VERSION="3.1.0", OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json", MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_SPEC_OPTIONS={"servers": [{"url": "/"}],
                          "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                                        "bearerFormat": "JWT"}}}})
    api = Api(app)
    for blueprint in [*blueprints, event_types_blueprint(name)]:
        api.register_blueprint(blueprint)
    register_problem_handlers(app)  # after Api(), so ours replace flask-smorest's handlers
    install_health(app, checks)
    install_token_verifier(app, verifier)
    app.before_request(_remember_request_id)  # first, so that even a refusal echoes the caller's id
    app.before_request(_require_a_token_unless_public)
    app.before_request(_require_json_bodies)
    app.after_request(_echo_request_id)
    app.extensions["procure.settings"] = settings
    return app


def accepts_any_body(view):
    """Marks a route that takes a body other than JSON (forms, files)."""
    view.procure_accepts_any_body = True
    return view


def _require_json_bodies():
    if request.method not in ("POST", "PUT", "PATCH") or request.path in PROBE_PATHS:
        return
    if not (request.content_length or request.headers.get("Transfer-Encoding")):
        return
    if _route_accepts_any_body():
        return
    if request.mimetype not in JSON_BODY_TYPES and not request.mimetype.endswith("+json"):
        raise UnsupportedMediaType(f"Send the body as application/json, not {request.mimetype or 'nothing'}.")


def _require_a_token_unless_public():
    """Deny by default: a route needs a valid token unless it was marked `@public`.

    Checked before the body is read, so that an anonymous caller learns nothing from validation.
    The gateway checks too; this holds for a service reached directly inside the network.
    """
    if request.url_rule is None or request.path in PROBE_PATHS or request.method == "OPTIONS":
        return  # 404/405 are answered as such; probes and preflights carry no credentials
    if request.url_rule.endpoint.startswith(_API_DOCS_ENDPOINTS) or _route_marked("procure_public"):
        return
    current_principal()


def _route_accepts_any_body() -> bool:
    return _route_marked("procure_accepts_any_body")


def _route_marked(marker: str) -> bool:
    view = request.url_rule and current_app.view_functions.get(request.url_rule.endpoint)
    # A MethodView marks the method (`post`), not the view function Flask registered.
    handler = getattr(getattr(view, "view_class", None), request.method.lower(), view)
    return bool(getattr(handler, marker, False))


def _remember_request_id():
    incoming = request.headers.get(REQUEST_ID, "")
    g.request_id = incoming if _REQUEST_ID_SHAPE.match(incoming) else str(uuid.uuid4())


def _echo_request_id(response):
    response.headers[REQUEST_ID] = g.get("request_id") or str(uuid.uuid4())
    return response
