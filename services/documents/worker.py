"""`procure worker documents`: relays the documents outbox to `documents.events`."""
from __future__ import annotations

from procure.config import load_settings
from procure.service import service_context
from procure.worker import Worker
from services.documents.config import DocumentsSettings


def create_worker(config: DocumentsSettings | None = None, *, tracer_provider=None) -> Worker:
    settings = config or load_settings(DocumentsSettings)
    context = service_context("documents", settings, tracer_provider=tracer_provider)
    return Worker("documents", [context.outbox_relay()])
