"""`/healthz` (alive), `/readyz` (dependencies reachable) and `/metrics` (Prometheus)."""
from __future__ import annotations

import logging
import time
from typing import Callable

from flask import Blueprint, Flask, Response, g, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from procure.web.problems import problem_response

log = logging.getLogger("procure.health")
ReadinessCheck = Callable[[], None]
PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def install_health(app: Flask, checks: dict[str, ReadinessCheck]) -> None:
    registry = CollectorRegistry()
    duration = Histogram("procure_http_request_duration_seconds", "Time to answer a request",
                         ["method", "route", "status"], registry=registry)
    failures = Counter("procure_readiness_failures_total", "Failed readiness checks", ["check"],
                       registry=registry)
    probes = Blueprint("procure_health", __name__)

    @probes.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @probes.get("/readyz")
    def readyz():
        results = _run_checks(checks, failures)
        if all(result == "ok" for result in results.values()):
            return jsonify(status="ready", checks=results)
        return problem_response(503, "Not ready", "A dependency is unreachable.", checks=results)

    @probes.get("/metrics")
    def metrics():
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

    @app.before_request
    def _start_timer():
        g.procure_started = time.perf_counter()

    @app.after_request
    def _observe(response):
        if request.path not in PROBE_PATHS and "procure_started" in g:
            route = request.url_rule.rule if request.url_rule else "unmatched"
            duration.labels(request.method, route, str(response.status_code)).observe(
                time.perf_counter() - g.procure_started)
        return response

    app.register_blueprint(probes)


def _run_checks(checks: dict[str, ReadinessCheck], failures: Counter) -> dict[str, str]:
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # any failure means "not ready", whatever its type
            log.warning("readiness check %s failed: %s", name, error)
            failures.labels(name).inc()
            results[name] = f"unavailable: {type(error).__name__}"
    return results
