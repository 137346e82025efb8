"""Every error leaves a service as an RFC 9457 problem document; probes and request ids."""
from __future__ import annotations

import json
import logging
import uuid
from types import SimpleNamespace

import pytest
import sqlalchemy
from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from opentelemetry.sdk.trace import TracerProvider

from procure.errors import PROBLEM_BASE, Conflict, ProcureError, Unauthenticated
from procure.tokens import JwksCache, TokenVerifier
from procure.web.app import accepts_any_body, create_service_app
from procure.web.auth import public

pytestmark = pytest.mark.unit

MAX_BODY_BYTES = 256
SECRET_DETAIL = "password=hunter2 at /srv/procure/internal.py"
PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}


class ItemSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    quantity = fields.Integer(required=True, validate=validate.Range(min=1))


class Teapot(ProcureError):
    status, title, slug = 418, "I'm a teapot", "teapot"


def build_app(checks=None):
    blp = Blueprint("items", __name__, url_prefix="/v1/items")

    @blp.route("")
    class Items(MethodView):
        @public
        @blp.arguments(ItemSchema)
        @blp.response(201, ItemSchema)
        def post(self, body):
            """Create an item."""
            return body

    @blp.route("/upload", methods=["POST"])
    @public
    @accepts_any_body
    def upload():
        """Take a body that is not JSON."""
        return {"received": len(request.get_data())}

    @blp.route("/teapot")
    @public
    def teapot():
        """Raise a domain error of a kind the kit does not know."""
        raise Teapot("Short and stout.", colour="white")

    @blp.route("/conflict")
    @public
    def conflict():
        """Raise a domain error with field errors."""
        raise Conflict("Already taken.", errors={"name": ["Already registered."]})

    @blp.route("/challenge")
    @public
    def challenge():
        """Raise an authentication error."""
        raise Unauthenticated("No token.")

    @blp.route("/boom")
    @public
    def boom():
        """Fail in an unexpected way."""
        raise RuntimeError(SECRET_DETAIL)

    @blp.route("/database-gone")
    @public
    def database_gone():
        """Lose the database connection mid-request."""
        raise sqlalchemy.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("server closed"))

    @blp.route("/private")
    class PrivateItems(MethodView):
        @blp.arguments(ItemSchema)
        @blp.response(201, ItemSchema)
        def post(self, body):
            """Create an item, for callers with a token only (not marked public)."""
            return body

    verifier = TokenVerifier(JwksCache(fetch=lambda: {"keys": []}), issuer="https://region.example",
                             audience="procure")
    return create_service_app("test", SimpleNamespace(max_body_bytes=MAX_BODY_BYTES), title="Test",
                              blueprints=[blp], checks=checks or {}, verifier=verifier,
                              tracer_provider=TracerProvider())


@pytest.fixture
def client():
    return build_app().test_client()


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert PROBLEM_FIELDS <= body.keys()
    assert body["status"] == status
    return body


def test_an_unknown_path_is_a_404_problem_naming_the_instance(client):
    body = problem(client.get("/v1/nothing-here"), 404)

    assert body["instance"] == "/v1/nothing-here"
    assert body["title"] == "Not Found"
    assert body["type"] == "about:blank"
    assert body["detail"]


def test_a_wrong_method_is_a_405_problem_that_keeps_the_allow_header(client):
    response = client.delete("/v1/items")

    body = problem(response, 405)
    assert body["instance"] == "/v1/items"
    assert "POST" in response.headers["Allow"]


def test_a_body_over_the_limit_is_a_413_problem(client):
    response = client.post("/v1/items", data=json.dumps({"name": "x" * MAX_BODY_BYTES, "quantity": 1}),
                           content_type="application/json")

    problem(response, 413)


def test_a_body_over_the_limit_is_refused_on_routes_that_accept_any_body(client):
    response = client.post("/v1/items/upload", data=b"x" * (MAX_BODY_BYTES + 1),
                           content_type="application/octet-stream")

    problem(response, 413)


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", "application/xml"])
def test_a_body_that_is_not_json_is_a_415_problem(client, content_type):
    response = client.post("/v1/items", data="name=x&quantity=1", content_type=content_type)

    body = problem(response, 415)
    assert body["type"] == PROBLEM_BASE + "unsupported-media-type"
    assert content_type in body["detail"]


def test_a_route_marked_as_accepting_any_body_takes_one_that_is_not_json(client):
    response = client.post("/v1/items/upload", data=b"%PDF-1.7", content_type="application/pdf")

    assert response.status_code == 200
    assert response.get_json() == {"received": 8}


def test_a_json_subtype_is_accepted_as_json(client):
    response = client.post("/v1/items", data=json.dumps({"name": "chair", "quantity": 2}),
                           content_type="application/vnd.procure+json")

    assert response.status_code == 201


def test_a_schema_violation_is_a_422_problem_naming_each_field(client):
    response = client.post("/v1/items", json={"name": "", "quantity": "many", "colour": "red"})

    body = problem(response, 422)
    assert body["type"] == PROBLEM_BASE + "invalid-input"
    assert set(body["errors"]) == {"name", "quantity", "colour"}
    assert body["instance"] == "/v1/items"


def test_a_missing_required_field_is_named_in_errors(client):
    body = problem(client.post("/v1/items", json={"name": "chair"}), 422)

    assert body["errors"] == {"quantity": ["Missing data for required field."]}


def test_malformed_json_is_a_client_error_problem_not_a_500(client):
    response = client.post("/v1/items", data="{not json", content_type="application/json")

    body = problem(response, 400)
    assert body["type"] == PROBLEM_BASE + "invalid-input"


def test_a_procure_error_raised_in_a_route_gives_its_status_type_and_extensions(client):
    body = problem(client.get("/v1/items/teapot"), 418)

    assert body["type"] == PROBLEM_BASE + "teapot"
    assert body["title"] == "I'm a teapot"
    assert body["detail"] == "Short and stout."
    assert body["colour"] == "white"
    assert body["instance"] == "/v1/items/teapot"


def test_a_domain_error_carries_its_field_errors(client):
    body = problem(client.get("/v1/items/conflict"), 409)

    assert body["type"] == PROBLEM_BASE + "conflict"
    assert body["errors"] == {"name": ["Already registered."]}


def test_an_authentication_error_carries_a_bearer_challenge(client):
    response = client.get("/v1/items/challenge")

    problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unexpected_exception_is_a_500_problem_without_its_internals(client, caplog):
    with caplog.at_level(logging.ERROR, logger="procure.problems"):
        response = client.get("/v1/items/boom")

    problem(response, 500)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    assert "hunter2" not in text and "RuntimeError" not in text and ".py" not in text
    assert any(record.exc_info for record in caplog.records)  # the operator still gets the stack trace


def test_a_well_formed_request_id_is_echoed(client):
    response = client.post("/v1/items", json={"name": "chair", "quantity": 1},
                           headers={"X-Request-ID": "edge-1234:abc.def_9"})

    assert response.status_code == 201
    assert response.headers["X-Request-ID"] == "edge-1234:abc.def_9"


def test_a_request_id_is_echoed_on_a_problem_too(client):
    response = client.get("/v1/items/conflict", headers={"X-Request-ID": "req-42"})

    assert response.headers["X-Request-ID"] == "req-42"


def test_a_request_id_is_echoed_on_a_415_refusal(client):
    response = client.post("/v1/items", data="a=b", content_type="text/plain", headers={"X-Request-ID": "req-43"})

    assert response.status_code == 415
    assert response.headers["X-Request-ID"] == "req-43"


@pytest.mark.parametrize("incoming", [None, "", "has spaces", "x" * 129, "semi;colon", "<script>"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_generated_one(client, incoming):
    headers = {} if incoming is None else {"X-Request-ID": incoming}

    response = client.get("/healthz", headers=headers)

    generated = response.headers["X-Request-ID"]
    assert generated != incoming
    uuid.UUID(generated)


def test_each_request_gets_its_own_generated_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]

    assert first != second


def test_healthz_answers_200_while_the_process_is_alive(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_answers_200_when_every_check_passes():
    client = build_app(checks={"database": lambda: None, "broker": lambda: None}).test_client()

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}


def test_readyz_is_a_503_problem_naming_the_check_that_failed():
    def unreachable():
        raise ConnectionRefusedError("database.internal:5432 refused the connection")

    client = build_app(checks={"database": unreachable, "broker": lambda: None}).test_client()

    body = problem(client.get("/readyz"), 503)

    assert body["checks"] == {"database": "unavailable: ConnectionRefusedError", "broker": "ok"}
    assert "database.internal" not in json.dumps(body)


def test_metrics_are_served_in_prometheus_text_format(client):
    client.post("/v1/items", json={"name": "chair", "quantity": 1})

    response = client.get("/metrics")
    text = response.get_data(as_text=True)

    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "# TYPE procure_http_request_duration_seconds histogram" in text
    assert 'method="POST",route="/v1/items",status="201"' in text


def test_failed_readiness_checks_are_counted_in_the_metrics():
    def broken():
        raise OSError("down")

    client = build_app(checks={"broker": broken}).test_client()
    client.get("/readyz")
    client.get("/readyz")

    text = client.get("/metrics").get_data(as_text=True)

    assert 'procure_readiness_failures_total{check="broker"} 2.0' in text


def test_metrics_declare_their_charset_once(client):
    response = client.get("/metrics")

    assert response.headers["Content-Type"].count("charset") == 1


def test_probes_are_not_counted_as_requests(client):
    client.get("/healthz")

    text = client.get("/metrics").get_data(as_text=True)

    assert "/healthz" not in text


def test_the_openapi_document_is_served(client):
    response = client.get("/openapi.json")

    assert response.status_code == 200
    assert "/v1/items" in response.get_json()["paths"]


def test_a_route_not_marked_public_refuses_a_caller_without_a_token(client):
    problem(client.post("/v1/items/private", json={"name": "pen", "quantity": 1}), 401)


def test_an_anonymous_caller_is_refused_before_the_body_is_validated(client):
    problem(client.post("/v1/items/private", json={"name": ""}), 401)


def test_a_route_not_marked_public_refuses_a_malformed_token(client):
    problem(client.post("/v1/items/private", json={"name": "pen", "quantity": 1},
                        headers={"Authorization": "Bearer not.a.token"}), 401)


def test_the_openapi_document_and_probes_need_no_token(client):
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_lost_database_is_a_503_problem_telling_when_to_retry(client):
    response = client.get("/v1/items/database-gone")
    body = problem(response, 503)
    assert response.headers["Retry-After"] == "5"
    assert "SELECT" not in body["detail"]
