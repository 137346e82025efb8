"""`create_app()` for gunicorn: `gunicorn "services.notices.app:create_app()"`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Flask

from procure.config import load_settings
from procure.service import ServiceContext, service_context
from procure.web.app import create_service_app
from services.notices.api.amendments.routes import blp as amendments_blp
from services.notices.api.codes.routes import blp as codes_blp
from services.notices.api.feed.routes import blp as feed_blp
from services.notices.api.lifecycle.routes import blp as lifecycle_blp
from services.notices.api.notices.routes import blp as notices_blp
from services.notices.api.questions.routes import blp as questions_blp
from services.notices.api.search.routes import blp as search_blp
from services.notices.api.workspace.routes import blp as workspace_blp
from services.notices.config import NoticesSettings
from services.notices.service.handlers import utc_now
from services.notices.service.unit_of_work import NoticesUnitOfWork

NAME = "notices"


@dataclass
class NoticesWiring:
    context: ServiceContext
    clock: Callable = utc_now

    def unit_of_work(self) -> NoticesUnitOfWork:
        return self.context.unit_of_work(NoticesUnitOfWork)


def create_app(config: NoticesSettings | None = None, *, tracer_provider=None, verifier=None) -> Flask:
    settings = config or load_settings(NoticesSettings)
    context = service_context(NAME, settings, tracer_provider=tracer_provider, verifier=verifier)
    app = create_service_app(NAME, settings, title="Procure notices",
                             blueprints=[notices_blp, search_blp, codes_blp, feed_blp,
                                         lifecycle_blp, amendments_blp, questions_blp, workspace_blp],
                             checks=context.readiness_checks(), verifier=context.verifier,
                             tracer_provider=context.tracer_provider)
    app.extensions["procure.notices"] = NoticesWiring(context)
    return app
