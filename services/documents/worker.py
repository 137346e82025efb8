"""`procure worker documents`: relays the documents outbox to `documents.events` and sweeps expired uploads."""
from __future__ import annotations

from procure.config import load_settings
from procure.service import service_context
from procure.storage import storage_from_settings
from procure.worker import Worker
from services.documents.config import DocumentsSettings
from services.documents.service.sweeper import UploadSweeper
from services.documents.wiring import DocumentsWiring


def create_worker(config: DocumentsSettings | None = None, *, tracer_provider=None) -> Worker:
    settings = config or load_settings(DocumentsSettings)
    context = service_context("documents", settings, tracer_provider=tracer_provider)
    wiring = DocumentsWiring.build(context, storage_from_settings(settings))
    sweeper = UploadSweeper(wiring.unit_of_work, wiring.objects, wiring.clock,
                            poll_seconds=settings.upload_sweep_seconds)
    return Worker("documents", [context.outbox_relay(), sweeper])
