"""A client of clamd speaking its INSTREAM protocol over TCP or a Unix socket.

The protocol is small enough to speak directly (the `clamd` package on PyPI is
unmaintained): `zINSTREAM\\0`, then chunks each prefixed by its length as four
big-endian bytes, a zero-length chunk to end, and one NUL-terminated reply:
`stream: OK`, `stream: <signature> FOUND` or `<reason> ERROR`.
"""
from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from procure.errors import DependencyUnavailable

# Above this, a chunk from storage is sent in slices: clamd reads each chunk whole into memory.
MAX_CHUNK_BYTES = 1024 * 1024
_MAX_REPLY_BYTES = 4096
_FOUND = " FOUND"
_ERROR = " ERROR"


class ScanOutcome(StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    ERROR = "error"


@dataclass(frozen=True)
class ScanResult:
    """What clamd said about one stream; `signature` only when infected, `detail` only on error."""

    outcome: ScanOutcome
    signature: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class ClamdAddress:
    """`unix:/path/to/clamd.ctl` or `host:port` (`[::1]:3310` for IPv6)."""

    host: str | None = None
    port: int | None = None
    path: str | None = None

    @classmethod
    def parse(cls, text: str) -> ClamdAddress:
        if text.startswith("unix:"):
            path = text.removeprefix("unix:")
            if not path.startswith("/"):
                raise ValueError(f"a clamd Unix socket needs an absolute path: {text!r}")
            return cls(path=path)
        host, separator, port = text.rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        if not separator or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"a clamd address is host:port or unix:/path, not {text!r}")
        return cls(host=host, port=int(port))

    def __str__(self) -> str:
        return f"unix:{self.path}" if self.path else f"{self.host}:{self.port}"


class ClamdScanner:
    """Scans byte streams with one clamd; one connection per command, as clamd expects."""

    def __init__(self, address: str | ClamdAddress, *, timeout: float = 30.0, connect_timeout: float = 5.0):
        self.address = address if isinstance(address, ClamdAddress) else ClamdAddress.parse(address)
        self.timeout = timeout
        self.connect_timeout = connect_timeout

    def ping(self) -> None:
        """Readiness: raises DependencyUnavailable unless clamd answers PONG."""
        with self._connect() as connection:
            self._send(connection, b"zPING\0")
            reply = self._reply(connection)
        if reply != "PONG":
            raise DependencyUnavailable(f"clamd at {self.address} answered PING with {reply!r}")

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        """Streams `chunks` to clamd and returns its verdict, never holding more than one chunk."""
        with self._connect() as connection:
            self._send(connection, b"zINSTREAM\0")
            try:
                for chunk in chunks:
                    for start in range(0, len(chunk), MAX_CHUNK_BYTES):
                        piece = chunk[start:start + MAX_CHUNK_BYTES]
                        connection.sendall(struct.pack(">I", len(piece)) + piece)
                connection.sendall(struct.pack(">I", 0))
            except OSError as error:
                # clamd closes the stream early when it refuses it (size limit): its reply says why.
                return _result(self._reply(connection, sending_failed=error))
            return _result(self._reply(connection))

    def _connect(self) -> socket.socket:
        try:
            if self.address.path:
                connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                connection.settimeout(self.connect_timeout)
                try:
                    connection.connect(self.address.path)
                except BaseException:
                    connection.close()
                    raise
            else:
                connection = socket.create_connection((self.address.host, self.address.port),
                                                      timeout=self.connect_timeout)
        except OSError as error:
            raise DependencyUnavailable(f"clamd at {self.address} is unreachable: {error}") from error
        connection.settimeout(self.timeout)
        return connection

    def _send(self, connection: socket.socket, data: bytes) -> None:
        try:
            connection.sendall(data)
        except OSError as error:
            raise DependencyUnavailable(f"clamd at {self.address} dropped the connection: {error}") from error

    def _reply(self, connection: socket.socket, *, sending_failed: OSError | None = None) -> str:
        received = bytearray()
        try:
            while b"\0" not in received and len(received) < _MAX_REPLY_BYTES:
                data = connection.recv(_MAX_REPLY_BYTES)
                if not data:
                    break
                received += data
        except OSError as error:
            raise DependencyUnavailable(f"clamd at {self.address} did not answer: {error}") from error
        reply = received.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
        if not reply:
            cause = sending_failed or "the connection closed without a reply"
            raise DependencyUnavailable(f"clamd at {self.address} did not answer: {cause}")
        return reply


def _result(reply: str) -> ScanResult:
    """Reads `stream: OK`, `stream: Eicar-Test FOUND` or `INSTREAM size limit exceeded. ERROR`."""
    verdict = reply.removeprefix("stream:").strip()
    if verdict == "OK":
        return ScanResult(ScanOutcome.CLEAN)
    if verdict.endswith(_FOUND):
        return ScanResult(ScanOutcome.INFECTED, signature=verdict.removesuffix(_FOUND).strip())
    return ScanResult(ScanOutcome.ERROR, detail=verdict.removesuffix(_ERROR).strip() or reply)


def scanner_from_settings(settings) -> ClamdScanner | None:
    """The scanner `PROCURE_CLAMD_ADDRESS` names, or None when uploads are not scanned."""
    if not settings.clamd_address:
        return None
    return ClamdScanner(settings.clamd_address, timeout=settings.clamd_timeout_seconds)
