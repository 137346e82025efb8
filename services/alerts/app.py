"""`create_app()` for gunicorn: `gunicorn "services.alerts.app:create_app()"`."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from procure.config import load_settings
from procure.service import ServiceContext, service_context
from procure.web.app import create_service_app
from services.alerts.api.published_notices.routes import blp as published_notices_blp
from services.alerts.config import AlertsSettings
from services.alerts.service.unit_of_work import AlertsUnitOfWork

NAME = "alerts"


@dataclass
class AlertsWiring:
    context: ServiceContext

    def unit_of_work(self) -> AlertsUnitOfWork:
        return self.context.unit_of_work(AlertsUnitOfWork)


def create_app(config: AlertsSettings | None = None, *, tracer_provider=None, verifier=None) -> Flask:
    settings = config or load_settings(AlertsSettings)
    context = service_context(NAME, settings, tracer_provider=tracer_provider, verifier=verifier)
    app = create_service_app(NAME, settings, title="Procure alerts", blueprints=[published_notices_blp],
                             checks=context.readiness_checks(), verifier=context.verifier,
                             tracer_provider=context.tracer_provider)
    app.extensions["procure.alerts"] = AlertsWiring(context)
    return app
