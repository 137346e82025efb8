"""A clamd of the tests' own, with a one-signature database for the EICAR test file.

The test writes its config (Foreground, a Unix socket and a loopback TCP port, a small
StreamMaxLength, no network) and its database, so it starts in about a second and never
touches the system's clamav-daemon or freshclam. Where clamd is not installed the tests
skip, except in CI (`CI` set), where they fail.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from procure.embedded.ports import free_port

# Two halves, so that no scanner flags this source file itself.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + rb"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Procure.Test.EICAR"
STREAM_MAX_BYTES = 256 * 1024
_START_ATTEMPTS = 3


def clamd_binary() -> str | None:
    return shutil.which("clamd") or next((path for path in ("/usr/sbin/clamd", "/usr/local/sbin/clamd")
                                          if os.access(path, os.X_OK)), None)


@dataclass
class ClamdProcess:
    process: subprocess.Popen
    socket_path: Path
    port: int
    log: Path

    @property
    def unix_address(self) -> str:
        return f"unix:{self.socket_path}"

    @property
    def tcp_address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_clamd(directory: Path, timeout: float = 60) -> ClamdProcess:
    binary = clamd_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("clamd is not installed (apt-get install clamav-daemon); CI needs it", pytrace=False)
        pytest.skip("clamd is not installed (apt-get install clamav-daemon)")
    database = directory / "database"
    database.mkdir(parents=True, exist_ok=True)
    # .hdb line: MD5 of the whole file, its size, the name clamd reports.
    (database / "procure-test.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{EICAR_SIGNATURE}\n")
    for attempt in range(_START_ATTEMPTS):
        daemon = _launch(binary, directory, database, free_port())
        if _wait_until_ready(daemon, time.monotonic() + timeout):
            return daemon
        daemon.stop()
    log = daemon.log.read_text(errors="replace")[-2000:] if daemon.log.exists() else ""
    raise RuntimeError(f"clamd did not start after {_START_ATTEMPTS} attempts:\n{log}")


def _launch(binary: str, directory: Path, database: Path, port: int) -> ClamdProcess:
    socket_path = directory / "clamd.sock"  # short enough for sun_path's 108 bytes under pytest's tmp
    socket_path.unlink(missing_ok=True)
    log = directory / "clamd.log"
    config = directory / "clamd.conf"
    (directory / "tmp").mkdir(exist_ok=True)
    config.write_text("\n".join([
        "Foreground yes", f"LocalSocket {socket_path}", "LocalSocketMode 600",
        f"TCPSocket {port}", "TCPAddr 127.0.0.1", f"DatabaseDirectory {database}",
        f"TemporaryDirectory {directory / 'tmp'}", f"LogFile {log}", "LogTime yes",
        f"StreamMaxLength {STREAM_MAX_BYTES}", "MaxThreads 4", "SelfCheck 0",
        "Bytecode no", "OfficialDatabaseOnly no", "",
    ]))
    process = subprocess.Popen([binary, "--config-file", str(config)], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return ClamdProcess(process=process, socket_path=socket_path, port=port, log=log)


def _wait_until_ready(daemon: ClamdProcess, deadline: float) -> bool:
    """PONG on both sockets; False when clamd exited (a port taken by someone else, say)."""
    while time.monotonic() < deadline:
        if daemon.process.poll() is not None:
            return False
        if _pong(socket.AF_UNIX, str(daemon.socket_path)) and _pong(socket.AF_INET, ("127.0.0.1", daemon.port)):
            return True
        time.sleep(0.1)
    return False


def _pong(family: int, address) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as connection:
            connection.settimeout(2)
            connection.connect(address)
            connection.sendall(b"zPING\0")
            return connection.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def clamd_daemon(tmp_path_factory):
    daemon = start_clamd(tmp_path_factory.mktemp("clamd"))
    yield daemon
    daemon.stop()
