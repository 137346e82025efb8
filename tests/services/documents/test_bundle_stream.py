"""The zip bundle's stream without storage: lazy opening, integrity checks, a bounded memory, ZIP64."""
from __future__ import annotations

import hashlib
import os
import tracemalloc
from collections.abc import Iterator

import pytest

from services.documents.adapters.bundle import zip_bundle
from services.documents.domain.bundle import BundleEntry, BundleIntegrityError

pytestmark = pytest.mark.unit

CHUNK = 64 * 1024


def test_no_object_is_read_before_the_archive_reaches_it():
    opened = []

    def source(name: str, data: bytes) -> BundleEntry:
        def chunks() -> Iterator[bytes]:
            opened.append(name)
            yield data
        return BundleEntry(name, 1, len(data), hashlib.sha256(data).hexdigest(), chunks)

    stream = iter(zip_bundle([source("a.pdf", b"a" * 10), source("b.pdf", b"b" * 10)]))
    assert opened == []
    next(stream)
    assert opened == []  # the manifest comes first
    b"".join(stream)
    assert opened == ["a.pdf", "b.pdf"]


def test_a_stored_object_longer_than_recorded_stops_the_stream():
    def chunks() -> Iterator[bytes]:
        yield b"0123456789"
        yield b"more than recorded"
    entry = BundleEntry("plan.pdf", 1, 10, hashlib.sha256(b"0123456789").hexdigest(), chunks)
    with pytest.raises(BundleIntegrityError):
        b"".join(zip_bundle([entry]))


def test_a_200_mib_bundle_streams_in_bounded_memory():
    block = os.urandom(CHUNK)
    count = 200 * 1024 * 1024 // CHUNK // 2
    digest = hashlib.sha256()
    for _ in range(count):
        digest.update(block)

    def generated() -> Iterator[bytes]:
        for _ in range(count):
            yield block[:-1] + block[-1:]  # a new object each time, as a storage read gives
    entries = [BundleEntry(f"lot-{lot}.zip", 1, count * CHUNK, digest.hexdigest(), generated)
               for lot in (1, 2)]

    tracemalloc.start()
    try:
        bundle = zip_bundle(entries)
        total, last = 0, b""
        for piece in bundle:
            total += len(piece)
            last = piece
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total == bundle.size > 200 * 1024 * 1024
    assert last[-22:].startswith(b"PK\x05\x06")  # the archive ran to its end record
    assert peak < 4 * 1024 * 1024


def test_a_bundle_past_4_gib_announces_its_zip64_length_up_front():
    huge = BundleEntry("maquette.zip", 1, 5 * 1024 ** 3, "0" * 64, lambda: iter(()))
    assert zip_bundle([huge]).size > 5 * 1024 ** 3
