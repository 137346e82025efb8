"""`/healthz` (alive), `/readyz` (every service answers its own /healthz) and `/metrics`.

The gateway's metrics are labelled by service rather than by route, which is what an
operator asks of a gateway: which service is slow or failing.
"""
from __future__ import annotations

import logging
import time

from flask import Blueprint, Flask, Response, g, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest

from gateway.upstreams import Upstreams
from procure.errors import PROBLEM_BASE, DependencyUnavailable
from procure.web.problems import problem_response

log = logging.getLogger("procure.gateway.health")
PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
READINESS_TIMEOUT_SECONDS = 2.0


def install_health(app: Flask, upstreams: Upstreams) -> None:
    registry = CollectorRegistry()
    # Its _count series is the request count per service and status.
    duration = Histogram("procure_gateway_request_duration_seconds",
                         "Time until the gateway starts answering, by service behind it",
                         ["service", "method", "status"], registry=registry)
    probes = Blueprint("gateway_health", __name__)

    @probes.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @probes.get("/readyz")
    def readyz():
        checks = _check_services(upstreams)
        down = sorted(name for name, result in checks.items() if result != "ok")
        if not down:
            return jsonify(status="ready", checks=checks)
        return problem_response(503, DependencyUnavailable.title, f"Not answering: {', '.join(down)}.",
                                type_=PROBLEM_BASE + DependencyUnavailable.slug, checks=checks,
                                unavailable=down)

    @probes.get("/metrics")
    def metrics():
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)

    def start_timer() -> None:
        g.gateway_started = time.perf_counter()

    def observe(response: Response) -> Response:
        if request.path not in PROBE_PATHS and "gateway_started" in g:
            service = (request.view_args or {}).get("service", "gateway")
            duration.labels(service, request.method, str(response.status_code)).observe(
                time.perf_counter() - g.gateway_started)
        return response

    app.before_request(start_timer)
    app.after_request(observe)
    app.register_blueprint(probes)


def _check_services(upstreams: Upstreams) -> dict[str, str]:
    results = {}
    for name, outcome in upstreams.probe_all("/healthz", read_timeout=READINESS_TIMEOUT_SECONDS).items():
        if isinstance(outcome, Exception):
            log.warning("readiness: the %s service is unreachable: %s", name, outcome)
            results[name] = f"unavailable: {type(outcome).__name__}"
        elif outcome.status != 200:
            results[name] = f"unavailable: answered {outcome.status}"
        else:
            results[name] = "ok"
    return results
