"""Parts of the suite as real processes for a benchmark, as production runs them (gunicorn)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
import urllib3

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reachable_database(url: str) -> bool:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


class Gunicorn:
    """One part under gunicorn, in its own process group so that stopping it leaves nothing behind."""

    def __init__(self, target: str, port: int, environ: dict[str, str], *, workers: int, threads: int,
                 log_dir: Path):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        log = open(log_dir / f"{target.split(':')[0]}.log", "ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--worker-class", "gthread", "--threads", str(threads), "--log-level", "warning", target],
            env={**os.environ, **environ}, stdout=log, stderr=log, start_new_session=True)

    def wait_ready(self, timeout: float = 60.0) -> "Gunicorn":
        pool = urllib3.PoolManager(retries=False, timeout=2)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.url} exited with {self._process.returncode}")
            try:
                if pool.request("GET", f"{self.url}/healthz").status == 200:
                    return self
            except urllib3.exceptions.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.url} did not become healthy")

    def stop(self) -> None:
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()
