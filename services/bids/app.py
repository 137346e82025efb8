"""`create_app()` for gunicorn: `gunicorn "services.bids.app:create_app()"`."""
from __future__ import annotations

from flask import Flask

from procure.config import load_settings
from procure.service import service_context
from procure.web.app import create_service_app
from services.bids.config import BidsSettings

NAME = "bids"


def create_app(config: BidsSettings | None = None, *, tracer_provider=None, verifier=None) -> Flask:
    settings = config or load_settings(BidsSettings)
    context = service_context(NAME, settings, tracer_provider=tracer_provider, verifier=verifier)
    return create_service_app(NAME, settings, title="Procure bids", blueprints=[],
                              checks=context.readiness_checks(), verifier=context.verifier,
                              tracer_provider=context.tracer_provider)
