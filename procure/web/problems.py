"""Every error leaves a service as an RFC 9457 `application/problem+json` document."""
from __future__ import annotations

import logging

from flask import Flask, Response, json, request
from sqlalchemy import exc as database_errors
from werkzeug.exceptions import HTTPException

from procure.errors import PROBLEM_BASE, ProcureError

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("procure.problems")


def problem_response(status: int, title: str, detail: str, *, type_: str | None = None,
                     errors: dict | None = None, headers: dict | None = None, **extensions) -> Response:
    body = {"type": type_ or "about:blank", "title": title, "status": status,
            "detail": detail, "instance": request.path if request else None}
    if errors:
        body["errors"] = errors
    body.update({k: v for k, v in extensions.items() if v is not None})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _render_procure_error(error: ProcureError) -> Response:
    return problem_response(error.status, error.title, error.detail, type_=error.type,
                            errors=error.errors, headers=error.headers, **error.extensions)


def _render_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    errors = _validation_messages(error)
    headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type", "content-length")}
    detail = error.description or error.name
    if errors:
        detail = "The request does not match the expected schema; see `errors`."
    return problem_response(status, error.name, detail, type_=_type_for(status, errors),
                            errors=errors, headers=headers)


def _validation_messages(error: HTTPException) -> dict | None:
    """webargs (through flask-smorest) puts marshmallow messages on the exception."""
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if not messages:
        return None
    # Location (json, query, headers) is one level too many for a client.
    if len(messages) == 1:
        return next(iter(messages.values()))
    return messages


def _type_for(status: int, errors) -> str:
    if errors:
        return PROBLEM_BASE + "invalid-input"
    return "about:blank"


def _render_unexpected(error: Exception) -> Response:
    log.exception("unexpected error while handling the request")
    return problem_response(500, "Internal server error",
                            "The server could not complete the request; it has been logged.")


def _render_database_unavailable(error: Exception) -> Response:
    # A restarted or overloaded PostgreSQL: the client should retry, not report a bug. The pool
    # drops the broken connection, so the next request reconnects.
    log.warning("the database is unavailable: %s", type(error).__name__)
    return problem_response(503, "Service unavailable", "The database is unreachable or busy; retry shortly.",
                            type_=PROBLEM_BASE + "dependency-unavailable", headers={"Retry-After": "5"})


def register_problem_handlers(app: Flask) -> None:
    app.register_error_handler(ProcureError, _render_procure_error)
    app.register_error_handler(database_errors.OperationalError, _render_database_unavailable)
    app.register_error_handler(database_errors.TimeoutError, _render_database_unavailable)
    app.register_error_handler(HTTPException, _render_http_exception)
    app.register_error_handler(Exception, _render_unexpected)
