"""What the service makes of a scanner's answer, with a scanner that answers what the test says."""
import pytest

from procure.errors import DependencyUnavailable
from services.documents.adapters.clamd import ScanOutcome, ScanResult
from services.documents.domain.scanning import ScanStatus, ScanVerdict
from services.documents.service.scanning import scan_document

pytestmark = pytest.mark.unit


class ScriptedScanner:
    def __init__(self, result: ScanResult | Exception):
        self.result = result
        self.chunks: list[bytes] = []

    def scan(self, chunks):
        self.chunks = list(chunks)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def test_a_clean_file_may_be_served():
    verdict = scan_document(iter([b"abc"]), ScriptedScanner(ScanResult(ScanOutcome.CLEAN)))

    assert verdict == ScanVerdict.clean()
    assert not verdict.quarantined and verdict.reason is None


def test_an_infected_file_is_quarantined_and_its_owner_told_the_signature():
    verdict = scan_document(iter([b"abc"]), ScriptedScanner(ScanResult(ScanOutcome.INFECTED, signature="Eicar-Test")))

    assert verdict.status is ScanStatus.INFECTED
    assert verdict.quarantined
    assert "malware" in verdict.reason and "Eicar-Test" in verdict.reason


def test_a_file_the_scanner_could_not_check_is_quarantined_not_served():
    scanner = ScriptedScanner(ScanResult(ScanOutcome.ERROR, detail="INSTREAM size limit exceeded."))

    verdict = scan_document(iter([b"abc"]), scanner)

    assert verdict.status is ScanStatus.UNSCANNABLE
    assert verdict.quarantined
    assert "could not check" in verdict.reason and "size limit" in verdict.reason


def test_the_stored_object_reaches_the_scanner_without_empty_chunks():
    scanner = ScriptedScanner(ScanResult(ScanOutcome.CLEAN))

    scan_document(iter([b"ab", b"", b"cd"]), scanner)

    assert scanner.chunks == [b"ab", b"cd"]


def test_an_unreachable_scanner_fails_the_scan_instead_of_passing_the_file():
    scanner = ScriptedScanner(DependencyUnavailable("clamd at 127.0.0.1:3310 is unreachable"))

    with pytest.raises(DependencyUnavailable):
        scan_document(iter([b"abc"]), scanner)


def test_a_long_scanner_detail_is_cut_for_the_owner():
    verdict = ScanVerdict.unscannable("x" * 5000)

    assert len(verdict.detail) == 200
