"""`create_app()` for gunicorn: `gunicorn "services.documents.app:create_app()"`."""
from __future__ import annotations

from flask import Flask

from procure.config import load_settings
from procure.service import service_context
from procure.storage import storage_from_settings
from procure.web.app import create_service_app
from services.documents.api.documents.routes import blp as documents_blp
from services.documents.config import DocumentsSettings
from services.documents.wiring import DocumentsWiring

NAME = "documents"


def create_app(config: DocumentsSettings | None = None, *, tracer_provider=None, verifier=None) -> Flask:
    settings = config or load_settings(DocumentsSettings)
    context = service_context(NAME, settings, tracer_provider=tracer_provider, verifier=verifier)
    storage = storage_from_settings(settings)
    checks = {**context.readiness_checks(), "storage": storage.ping}
    app = create_service_app(NAME, settings, title="Procure documents", blueprints=[documents_blp], checks=checks,
                             verifier=context.verifier, tracer_provider=context.tracer_provider)
    app.extensions["procure.documents.storage"] = storage
    app.extensions["procure.documents"] = DocumentsWiring.build(context, storage)
    return app
