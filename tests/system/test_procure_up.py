"""`procure up` on an empty directory: embedded servers, the whole suite, a clean stop."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from procure.embedded.ports import free_port
from tests.support.http import call, eventually
from tests.support.procurement import draft_notice, log_in, publish_notice, register_buyer

pytestmark = pytest.mark.system


@pytest.fixture(scope="module")
def procure_up(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("procure-up") / "data"
    port = free_port()
    # Nothing of the test session's own settings: only what a newcomer's machine has.
    environ = {key: value for key, value in os.environ.items() if not key.startswith("PROCURE_")}
    process = subprocess.Popen([sys.executable, "-m", "procure.cli", "up", "--data-dir", str(data_dir),
                                "--port", str(port)], env=environ, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    gateway = f"http://127.0.0.1:{port}"
    ready = eventually(lambda: _ready(gateway, process), timeout=180, interval=0.5)
    if not ready:
        process.kill()
        pytest.fail(f"procure up never became ready:\n{process.stdout.read()[-5000:]}")
    yield process, gateway, data_dir
    if process.poll() is None:
        process.kill()


def _ready(gateway: str, process: subprocess.Popen) -> bool:
    if process.poll() is not None:
        return True  # it died: let the caller see why
    try:
        return call("GET", f"{gateway}/readyz").status == 200
    except Exception:  # not listening yet
        return False


def test_procure_up_answers_ready_through_the_gateway(procure_up):
    process, gateway, _ = procure_up
    assert process.poll() is None, process.stdout.read()[-5000:]
    answer = call("GET", f"{gateway}/readyz")
    assert answer.status == 200, answer.body


def test_procure_up_carries_a_notice_from_publication_to_alerts(procure_up):
    _, gateway, _ = procure_up
    buyer = register_buyer(gateway)
    token = log_in(gateway, buyer["email"])
    notice, etag = draft_notice(gateway, token)
    assert publish_notice(gateway, token, notice["id"], etag).status == 200

    def received():
        items = call("GET", f"{gateway}/v1/alerts/published-notices", token=token).json()["items"]
        return any(item["notice_id"] == notice["id"] for item in items)

    assert eventually(received, timeout=20)


def test_procure_up_serves_its_docs_without_a_network(procure_up):
    _, gateway, _ = procure_up
    page = call("GET", f"{gateway}/docs")
    assert page.status == 200
    assert b"swagger" in page.body.lower()
    assert "/v1/notices" in call("GET", f"{gateway}/openapi.json").json()["paths"]


def test_procure_up_stops_on_sigterm_leaving_no_process(procure_up):
    process, _, data_dir = procure_up
    children = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGTERM)
    assert process.wait(90) == 0
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert alive == []
    assert not _processes_using(data_dir)


def _processes_using(data_dir) -> list:
    time.sleep(0.5)
    found = []
    for candidate in psutil.process_iter(["cmdline"]):
        if str(data_dir) in " ".join(candidate.info["cmdline"] or []):
            found.append(candidate)
    return found
