"""What documents does with `notices.events`: a procedure that has ended is archived.

`notice.awarded`, `notice.cancelled` and `notice.unsuccessful` name the notice in `data.id`. Bid
files join the archive only once they were opened: before opening they are sealed and belong to
their suppliers, so a procedure cancelled before opening archives its tender documents alone.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from services.documents.adapters.archive import Archive
from services.documents.domain.archive import Manifest, Signer
from services.documents.service.archive import archive_notice

EXCHANGE = "notices.events"
ENDED = ("notice.awarded", "notice.cancelled", "notice.unsuccessful")
DocumentLister = Callable[[uuid.UUID, bool], Iterable[tuple[str, str | None, int, str]]]
log = logging.getLogger("services.documents.consumers.notices")


def procedure_ended(event_type: str, data: Mapping, list_documents: DocumentLister, archive: Archive,
                    signer: Signer, now: datetime) -> Manifest | None:
    """Archives the notice's documents; `list_documents(notice_id, with_bid_files)` gives them as
    (key, version, size, sha256). None when there is nothing to do."""
    if event_type not in ENDED:
        return None
    try:
        notice_id = uuid.UUID(str(data["id"]))
    except (KeyError, ValueError):
        log.warning("%s names no notice; ignored", event_type)
        return None
    documents = list(list_documents(notice_id, bids_were_opened(event_type, data)))
    return archive_notice(notice_id, documents, archive, signer, now)


def bids_were_opened(event_type: str, data: Mapping) -> bool:
    """An award or an unsuccessful end comes after opening; a cancellation says where it stopped."""
    if event_type == "notice.cancelled":
        return data.get("previous_status") == "opened"
    return True
