"""A bundle streamed as a zip (zipstream-ng): nothing built in memory or on disk.

Entries are stored, not deflated (PDFs and zips do not shrink), and their sizes are given
up front: the archive's length is known before the first byte (a Content-Length for the
response) and it switches to ZIP64 by itself past 4 GiB.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from zipstream import ZIP_STORED, ZipStream

from services.documents.domain.bundle import (
    MANIFEST_NAME, BundleEntry, archive_names, checked_chunks, manifest,
)

__all__ = ["ZipBundle", "zip_bundle"]


@dataclass(frozen=True)
class ZipBundle:
    """The archive's exact length and its bytes, produced as they are iterated."""

    size: int
    _stream: ZipStream

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._stream)


def zip_bundle(entries: Iterable[BundleEntry]) -> ZipBundle:
    """A zip of `manifest.json` then every entry, each entry's storage opened only when reached."""
    entries = tuple(entries)  # descriptions only: the bytes stay behind each entry's `chunks`
    names = archive_names(entries)
    stream = ZipStream(compress_type=ZIP_STORED, sized=True)
    stream.add(manifest(entries, names), MANIFEST_NAME)
    for entry, name in zip(entries, names, strict=True):
        stream.add(checked_chunks(entry), name, size=entry.size)
    return ZipBundle(len(stream), stream)
