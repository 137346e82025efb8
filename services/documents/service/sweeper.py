"""Removes uploads never completed before their URLs expired: rows marked expired, objects deleted.

Each upload is swept in its own transaction on a row taken with `FOR UPDATE SKIP LOCKED`, so that
several worker instances share the work and a completion holding the row is never raced.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from services.documents.adapters.objects import DocumentObjects
from services.documents.domain.document import Status
from services.documents.service.uploads import Clock, utc_now

log = logging.getLogger("services.documents.sweeper")


class UploadSweeper:
    def __init__(self, uow_factory: Callable, objects: DocumentObjects, clock: Clock = utc_now, *,
                 poll_seconds: float = 60.0, batch_size: int = 50):
        self._uow_factory = uow_factory
        self._objects = objects
        self._clock = clock
        self._poll = poll_seconds
        self._batch = batch_size

    def sweep(self) -> int:
        """Expires up to one batch of unfinished uploads; returns how many."""
        swept = 0
        while swept < self._batch and self._sweep_next():
            swept += 1
        return swept

    def _sweep_next(self) -> bool:
        with self._uow_factory() as uow:
            found = uow.documents.lock_next_expired(self._clock())
            if found is None:
                return False
            document_id, version = found
            self._objects.discard(version.object_key, version.upload_id)
            version.status = Status.EXPIRED
            uow.documents.save_version(document_id, version)
            uow.commit()
            log.info("upload of document %s version %s expired", document_id, version.number)
            return True

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                full = self.sweep() == self._batch
            except Exception:
                log.exception("upload sweep failed")
                full = False
            if not full:
                stop.wait(self._poll)
