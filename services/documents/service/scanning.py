"""Scanning an uploaded file before it may be served (called by `complete` when clamd is configured)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from services.documents.adapters.clamd import ScanOutcome, ScanResult
from services.documents.domain.scanning import ScanVerdict


class Scanner(Protocol):
    def scan(self, chunks: Iterable[bytes]) -> ScanResult: ...


def scan_document(storage_reader: Iterable[bytes], scanner: Scanner) -> ScanVerdict:
    """Streams the stored object through the scanner and returns the verdict.

    An unreachable scanner raises DependencyUnavailable (503): the upload stays incomplete
    and `complete` can be retried, rather than the file being served unscanned.
    """
    result = scanner.scan(chunk for chunk in storage_reader if chunk)
    if result.outcome is ScanOutcome.CLEAN:
        return ScanVerdict.clean()
    if result.outcome is ScanOutcome.INFECTED:
        return ScanVerdict.infected(result.signature or "unnamed signature")
    return ScanVerdict.unscannable(result.detail or "the scanner reported an error")
