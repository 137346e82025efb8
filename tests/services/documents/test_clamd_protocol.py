"""The INSTREAM framing and the failures of an absent or silent clamd, against a fake one in a thread."""
import socket
import struct
import threading

import pytest

from procure.embedded.ports import free_port
from procure.errors import DependencyUnavailable
from services.documents.adapters.clamd import MAX_CHUNK_BYTES, ClamdAddress, ClamdScanner, ScanOutcome

pytestmark = pytest.mark.unit


class FakeClamd:
    """Accepts one connection, reads until the end of an INSTREAM (or a PING), sends `reply`."""

    def __init__(self, reply: bytes | None):
        self.reply = reply
        self.received = bytearray()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.listener.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connection, _ = self.listener.accept()
        with connection:
            while not self._complete():
                data = connection.recv(65536)
                if not data:
                    break
                self.received += data
            if self.reply is not None:
                connection.sendall(self.reply)

    def _complete(self) -> bool:
        if self.received == b"zPING\0":
            return True
        if not self.received.startswith(b"zINSTREAM\0"):
            return False
        offset = len(b"zINSTREAM\0")
        while offset + 4 <= len(self.received):
            (length,) = struct.unpack(">I", self.received[offset:offset + 4])
            if length == 0:
                return True
            offset += 4 + length
        return False

    def chunk_lengths(self) -> list[int]:
        lengths, offset = [], len(b"zINSTREAM\0")
        while True:
            (length,) = struct.unpack(">I", self.received[offset:offset + 4])
            lengths.append(length)
            if length == 0:
                return lengths
            offset += 4 + length

    def close(self):
        self.thread.join(5)
        self.listener.close()


@pytest.fixture
def fake_clamd(request):
    fake = FakeClamd(request.param)
    yield fake
    fake.close()


@pytest.mark.parametrize("fake_clamd", [b"stream: OK\0"], indirect=True)
def test_a_scan_sends_each_chunk_prefixed_by_its_big_endian_length_and_a_zero_length_chunk(fake_clamd):
    result = ClamdScanner(fake_clamd.address, timeout=5).scan([b"abc", b"", b"defgh"])

    assert result.outcome is ScanOutcome.CLEAN
    assert bytes(fake_clamd.received) == (b"zINSTREAM\0" + b"\0\0\0\x03abc" + b"\0\0\0\x05defgh" + b"\0\0\0\0")


@pytest.mark.parametrize("fake_clamd", [b"stream: OK\0"], indirect=True)
def test_a_chunk_larger_than_the_slice_size_is_sent_in_slices(fake_clamd):
    ClamdScanner(fake_clamd.address, timeout=5).scan([b"x" * (MAX_CHUNK_BYTES + 10)])

    assert fake_clamd.chunk_lengths() == [MAX_CHUNK_BYTES, 10, 0]


@pytest.mark.parametrize("fake_clamd", [b"stream: Win.Test.Thing-1 FOUND\0"], indirect=True)
def test_a_found_reply_is_infected_with_the_signature_name(fake_clamd):
    result = ClamdScanner(fake_clamd.address, timeout=5).scan([b"abc"])

    assert (result.outcome, result.signature) == (ScanOutcome.INFECTED, "Win.Test.Thing-1")


@pytest.mark.parametrize("fake_clamd", [b"stream: Can't allocate memory ERROR\0"], indirect=True)
def test_an_error_reply_is_an_error_with_its_detail(fake_clamd):
    result = ClamdScanner(fake_clamd.address, timeout=5).scan([b"abc"])

    assert (result.outcome, result.detail) == (ScanOutcome.ERROR, "Can't allocate memory")


@pytest.mark.parametrize("fake_clamd", [b"UNKNOWN COMMAND\0"], indirect=True)
def test_a_ping_answered_by_anything_but_pong_is_a_dependency_unavailable(fake_clamd):
    with pytest.raises(DependencyUnavailable):
        ClamdScanner(fake_clamd.address, timeout=5).ping()


@pytest.mark.parametrize("fake_clamd", [None], indirect=True)
def test_a_clamd_closing_without_a_reply_is_a_dependency_unavailable(fake_clamd):
    with pytest.raises(DependencyUnavailable, match="did not answer"):
        ClamdScanner(fake_clamd.address, timeout=5).scan([b"abc"])


def test_a_clamd_that_never_answers_times_out_as_a_dependency_unavailable():
    with socket.create_server(("127.0.0.1", 0)) as silent:  # the kernel accepts; nobody reads or replies
        scanner = ClamdScanner(f"127.0.0.1:{silent.getsockname()[1]}", timeout=0.3)
        with pytest.raises(DependencyUnavailable, match="did not answer"):
            scanner.scan([b"abc"])


@pytest.mark.parametrize("transport", ["tcp", "unix"])
@pytest.mark.parametrize("call", ["ping", "scan"])
def test_an_unreachable_clamd_is_a_dependency_unavailable(transport, call, tmp_path):
    address = f"127.0.0.1:{free_port()}" if transport == "tcp" else f"unix:{tmp_path / 'absent.sock'}"
    scanner = ClamdScanner(address, connect_timeout=1)

    with pytest.raises(DependencyUnavailable, match="unreachable"):
        scanner.ping() if call == "ping" else scanner.scan([b"abc"])


@pytest.mark.parametrize("text, expected", [
    ("127.0.0.1:3310", ClamdAddress(host="127.0.0.1", port=3310)),
    ("clamav.internal:3310", ClamdAddress(host="clamav.internal", port=3310)),
    ("[::1]:3310", ClamdAddress(host="::1", port=3310)),
    ("unix:/run/clamav/clamd.ctl", ClamdAddress(path="/run/clamav/clamd.ctl")),
])
def test_an_address_is_host_and_port_or_a_unix_socket_path(text, expected):
    assert ClamdAddress.parse(text) == expected


@pytest.mark.parametrize("text", ["clamav", "clamav:", ":3310", "clamav:99999", "clamav:port", "unix:clamd.ctl", ""])
def test_a_malformed_address_is_refused(text):
    with pytest.raises(ValueError):
        ClamdAddress.parse(text)


def test_the_scanner_is_built_from_the_settings_only_when_an_address_is_set():
    from types import SimpleNamespace

    from services.documents.adapters.clamd import scanner_from_settings

    assert scanner_from_settings(SimpleNamespace(clamd_address=None, clamd_timeout_seconds=5)) is None
    scanner = scanner_from_settings(SimpleNamespace(clamd_address="unix:/run/clamav/clamd.ctl", clamd_timeout_seconds=5))
    assert (scanner.address, scanner.timeout) == (ClamdAddress(path="/run/clamav/clamd.ctl"), 5)
