"""A bundle: every current document of a notice in one archive, with a manifest to check it by.

Plain Python: the entries, their names inside the archive, the manifest, and the check
that each entry's bytes are the ones its SHA-256 promises while they stream past.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from procure.errors import ProcureError
from services.documents.domain.filenames import sanitise_file_name

__all__ = ["MANIFEST_NAME", "BundleEntry", "BundleIntegrityError", "archive_names", "manifest",
           "checked_chunks"]

MANIFEST_NAME = "manifest.json"


class BundleIntegrityError(ProcureError):
    """Stored bytes differ from what was recorded at upload: the stream stops rather than serve them."""

    status, title, slug = 502, "Stored document does not match its record", "bundle-integrity"


@dataclass(frozen=True)
class BundleEntry:
    name: str
    version: int
    size: int
    sha256: str  # hex, as recorded when the upload completed
    chunks: Callable[[], Iterator[bytes]]  # opened only when the archive reaches this entry
    document_id: str | None = None


def archive_names(entries: Iterable[BundleEntry]) -> list[str]:
    """A distinct, safe name per entry, in order: `CCTP.pdf`, `CCTP (2).pdf`, ...

    Compared without case, since Windows and macOS unpack `a.pdf` and `A.pdf` into one file.
    """
    taken = {MANIFEST_NAME}
    names = []
    for entry in entries:
        name = sanitise_file_name(entry.name)
        stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
        candidate, count = name, 1
        while candidate.casefold() in taken:
            count += 1
            candidate = sanitise_file_name(f"{stem} ({count}){dot}{extension}")
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


def manifest(entries: Iterable[BundleEntry], names: Iterable[str]) -> bytes:
    """The manifest as UTF-8 JSON: for each file its path in the archive, name, version, size, SHA-256."""
    files = []
    for entry, path in zip(entries, names, strict=True):
        described = {"path": path, "name": entry.name, "version": entry.version, "size": entry.size,
                     "sha256": entry.sha256}
        if entry.document_id is not None:
            described["document_id"] = entry.document_id
        files.append(described)
    return json.dumps({"files": files}, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def checked_chunks(entry: BundleEntry) -> Iterator[bytes]:
    """The entry's chunks, raising BundleIntegrityError at the end if size or SHA-256 differ."""
    digest, size = hashlib.sha256(), 0
    for chunk in entry.chunks():
        digest.update(chunk)
        size += len(chunk)
        if size > entry.size:
            raise BundleIntegrityError(f"{entry.name} v{entry.version} is longer than {entry.size} bytes")
        yield chunk
    if size != entry.size or digest.hexdigest() != entry.sha256.lower():
        raise BundleIntegrityError(f"{entry.name} v{entry.version} does not match its recorded "
                                   f"size and SHA-256")
