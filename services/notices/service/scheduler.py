"""Closes submission when a notice's deadline passes; runs inside every worker instance.

Each notice is closed in its own transaction, on a row taken with `FOR UPDATE SKIP LOCKED`:
with several instances running, each due notice is closed by exactly one of them, once, while
the others move on to the next due notice. An amendment holding the row meanwhile is skipped
too; once it commits, the notice is closed on a later round if it is still due.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from services.notices.domain.lifecycle import close_submission
from services.notices.service.handlers import Clock, utc_now

log = logging.getLogger("services.notices.scheduler")


class DeadlineScheduler:
    def __init__(self, uow_factory: Callable, clock: Clock = utc_now, *, poll_seconds: float = 30.0,
                 batch_size: int = 20):
        self._uow_factory = uow_factory
        self._clock = clock
        self._poll = poll_seconds
        self._batch = batch_size

    def close_due(self) -> int:
        """Closes up to one batch of due notices; returns how many this instance closed."""
        closed = 0
        while closed < self._batch and self._close_next():
            closed += 1
        return closed

    def _close_next(self) -> bool:
        with self._uow_factory() as uow:
            now = self._clock()
            notice_id = uow.due_notices.lock_next_to_close(now)
            if notice_id is None:
                return False
            notice = uow.notices.get(notice_id)
            previous = notice.version
            close_submission(notice, now)
            uow.notices.save(notice, previous)
            uow.commit()
            log.info("submission closed for notice %s", notice_id)
            return True

    def run(self, stop: threading.Event) -> None:
        """Closes due notices until `stop` is set; a failed round is logged and retried on the next."""
        log.info("deadline scheduler started")
        while not stop.is_set():
            try:
                full = self.close_due() == self._batch
            except Exception:
                log.exception("deadline scheduler round failed")
                full = False
            if not full:
                stop.wait(self._poll)
