"""Parts of the suite as real processes for a benchmark, as production runs them (gunicorn)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack, closing
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


def bench_database_url(stack: ExitStack, workdir: Path) -> str:
    """PROCURE_BENCH_DATABASE_URL or the local server if reachable, else an embedded PostgreSQL."""
    url = os.environ.get("PROCURE_BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    if reachable_database(url):
        return url
    from procure.embedded.postgres import EmbeddedPostgres
    server = EmbeddedPostgres(workdir / "postgres")
    stack.callback(server.stop)
    return server.start()


def bench_buyer() -> dict:
    """A buyer registration body with a fresh, valid SIRET."""
    from stdnum import luhn
    siren = f"{uuid.uuid4().int % 10**8:08d}"
    siret = siren + luhn.calc_check_digit(siren) + "0001"
    return {"name": "Bench town", "kind": "buyer", "country": "FR", "nuts": "FRC11", "buyer_legal_type": "la",
            "identifier": {"scheme": "FR-SIRET", "value": siret + luhn.calc_check_digit(siret)},
            "address": {"street": "1 place de la Mairie", "locality": "Bench", "postal_code": "21000",
                        "country": "FR"},
            "contact_point": {"name": "Bench", "email": "bench@example.org"}}
