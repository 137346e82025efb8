"""What the documents routes and worker share: units of work, the bucket, the rules and the clock."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from procure.service import ServiceContext
from services.documents.adapters.objects import DocumentObjects
from services.documents.service.unit_of_work import DocumentsUnitOfWork
from services.documents.service.uploads import UploadRules, utc_now


@dataclass
class DocumentsWiring:
    context: ServiceContext
    objects: DocumentObjects
    rules: UploadRules
    download_seconds: int
    clock: Callable = utc_now

    @classmethod
    def build(cls, context: ServiceContext, storage) -> "DocumentsWiring":
        settings = context.settings
        return cls(context, DocumentObjects(storage, settings.s3_bucket), UploadRules.from_settings(settings),
                   settings.download_url_seconds)

    def unit_of_work(self) -> DocumentsUnitOfWork:
        return self.context.unit_of_work(DocumentsUnitOfWork)
