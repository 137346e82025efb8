"""The clamd client against a real clamd with a one-signature database made by the test."""
import pytest

from services.documents.adapters.clamd import ClamdScanner, ScanOutcome
from services.documents.domain.scanning import ScanStatus
from services.documents.service.scanning import scan_document
from tests.support.clamd import EICAR, EICAR_SIGNATURE, STREAM_MAX_BYTES, clamd_daemon  # noqa: F401

pytestmark = pytest.mark.integration

ADDRESSES = ["unix_address", "tcp_address"]


@pytest.fixture(params=ADDRESSES)
def scanner(request, clamd_daemon):  # noqa: F811
    return ClamdScanner(getattr(clamd_daemon, request.param), timeout=10)


def test_clamd_answers_ping(scanner):
    scanner.ping()


def test_a_clean_file_is_clean(scanner):
    result = scanner.scan([b"%PDF-1.7\n", b"tender documents, lot 1\n"])

    assert result.outcome is ScanOutcome.CLEAN
    assert result.signature is None


def test_the_eicar_test_file_is_infected_with_the_signature_name(scanner):
    result = scanner.scan([EICAR])

    assert result.outcome is ScanOutcome.INFECTED
    # clamd marks every signature from a database it did not sign as unofficial
    assert result.signature.removesuffix(".UNOFFICIAL") == EICAR_SIGNATURE


def test_a_file_sent_one_byte_per_chunk_is_scanned_whole(scanner):
    result = scanner.scan([EICAR[i:i + 1] for i in range(len(EICAR))])

    assert result.outcome is ScanOutcome.INFECTED


def test_empty_chunks_from_storage_do_not_end_the_stream_early(scanner):
    result = scanner.scan([b"", EICAR[:10], b"", EICAR[10:]])

    assert result.outcome is ScanOutcome.INFECTED


def test_a_stream_of_exactly_the_size_limit_is_clean(scanner):
    result = scanner.scan([b"x" * 4096] * (STREAM_MAX_BYTES // 4096))

    assert result.outcome is ScanOutcome.CLEAN


@pytest.mark.parametrize("chunks", [[b"x" * (STREAM_MAX_BYTES + 1)], [b"x" * 4096] * (STREAM_MAX_BYTES // 4096 + 50)],
                         ids=["one-large-chunk", "many-small-chunks"])
def test_a_stream_larger_than_the_size_limit_is_an_error_not_clean(scanner, chunks):
    result = scanner.scan(chunks)

    assert result.outcome is ScanOutcome.ERROR
    assert "size limit exceeded" in result.detail


def test_an_infected_upload_is_quarantined_with_its_reason(scanner):
    verdict = scan_document(iter([EICAR]), scanner)

    assert verdict.status is ScanStatus.INFECTED
    assert verdict.quarantined
    assert EICAR_SIGNATURE in verdict.reason


def test_an_upload_too_large_to_scan_is_quarantined(scanner):
    verdict = scan_document(iter([b"x" * (STREAM_MAX_BYTES * 2)]), scanner)

    assert verdict.status is ScanStatus.UNSCANNABLE
    assert verdict.quarantined
    assert "size limit exceeded" in verdict.reason


def test_a_clean_upload_is_not_quarantined(scanner):
    verdict = scan_document(iter([b"a clean file"]), scanner)

    assert verdict.status is ScanStatus.CLEAN
    assert not verdict.quarantined
    assert verdict.reason is None
