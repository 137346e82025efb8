"""Rate limits per client with flask-limiter: by token subject when there is one, else by address."""
from __future__ import annotations

import math
import time

from flask import Flask, g, request
from flask_limiter import Limiter, RateLimitExceeded

from gateway.errors import TooManyRequests
from procure.web.problems import problem_response

_EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/docs"})


def install_rate_limits(app: Flask, limit: str, storage_url: str) -> Limiter | None:
    """Registers flask-limiter's before-request hook; call it after the caller is identified."""
    if not limit:
        return None
    limiter = Limiter(
        client_key, application_limits=[limit], storage_uri=storage_url, strategy="fixed-window",
        headers_enabled=False,
        # An unreachable limit store must not take the API down with it: let requests through.
        swallow_errors=True)
    limiter.request_filter(_exempt)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, lambda exceeded: _too_many(limiter))
    return limiter


def client_key() -> str:
    principal = g.get("principal")
    if principal is not None:
        return f"sub:{principal.subject}|org:{principal.organisation or '-'}"
    return f"addr:{request.remote_addr or 'unknown'}"


def _exempt() -> bool:
    path = request.path
    return path in _EXEMPT_PATHS or path.startswith("/docs/")


def _too_many(limiter: Limiter):
    breached = limiter.current_limit
    wait = max(1, math.ceil(breached.window.reset_time - time.time())) if breached else 1
    problem = TooManyRequests(f"Too many requests from this client; try again in {wait} seconds.")
    return problem_response(problem.status, problem.title, problem.detail, type_=problem.type,
                            headers={"Retry-After": str(wait)})
