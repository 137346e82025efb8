"""What the gateway costs: the same notice read by id, through the gateway and straight to notices.

Both run under gunicorn as in production, on this machine's PostgreSQL (or an embedded one),
and the two are measured side by side in one run. Target on 2 cores shared by gateway and
service: at most 1.5 ms added at p50, at least 60% of the direct throughput kept.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from pathlib import Path

import urllib3

from bench.load import latencies_ms, summary, throughput
from bench.processes import Gunicorn, bench_buyer, bench_database_url, free_port

TARGET = {"added_p50_ms_at_most": 1.5, "throughput_kept_at_least": 0.6}
SIZES = {"quick": {"requests": 1500, "seconds": 5.0}, "full": {"requests": 10000, "seconds": 20.0}}
_http = urllib3.PoolManager(retries=False, timeout=30)


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    size = SIZES["quick" if options.quick else "full"]
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="procure-bench-")))
        parts = _start_parts(stack, workdir)
        token, notice_id = _seed(parts)
        headers = {"Authorization": f"Bearer {token}"}
        urls = {"direct": f"{parts['notices'].url}/v1/notices/{notice_id}",
                "gateway": f"{parts['gateway'].url}/v1/notices/{notice_id}"}
        figures = {}
        for route, url in urls.items():
            latencies_ms(url, headers, 200)  # warm pools, caches and the JWKS
            figures[route] = {**summary(latencies_ms(url, headers, size["requests"])),
                              "requests_per_second": throughput(url, headers, processes=2, threads=4,
                                                                seconds=size["seconds"])}
    return _report(figures)


def _options(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small run of a minute or less")
    return parser.parse_args(argv)


def _start_parts(stack: ExitStack, workdir: Path) -> dict[str, Gunicorn]:
    from services.identity.adapters.signing_keys import generate_key_file
    keys = workdir / "keys"
    generate_key_file(keys)
    ports = {name: free_port() for name in ("identity", "notices", "gateway")}
    environ = {"PROCURE_DATABASE_URL": bench_database_url(stack, workdir),
               "PROCURE_DATABASE_PREFIX": f"bench{uuid.uuid4().hex[:6]}_",
               "PROCURE_AMQP_URL": "memory://", "PROCURE_SIGNING_KEYS_DIR": str(keys),
               "PROCURE_ISSUER": f"http://127.0.0.1:{ports['gateway']}",
               "PROCURE_JWKS_URL": f"http://127.0.0.1:{ports['identity']}/.well-known/jwks.json",
               "PROCURE_RATE_LIMIT": os.environ.get("PROCURE_BENCH_RATE_LIMIT", "1000000/second"), "PROCURE_LOG_LEVEL": "WARNING",
               **{f"PROCURE_{name.upper()}_URL": f"http://127.0.0.1:{ports.get(name, 9)}"
                  for name in ("identity", "notices", "documents", "bids", "alerts")}}
    _migrate(environ)
    parts = {}
    for name, target, workers in (("identity", "services.identity.app:create_app()", 1),
                                  ("notices", "services.notices.app:create_app()", 2),
                                  ("gateway", "gateway.app:create_app()", 2)):
        parts[name] = Gunicorn(target, ports[name], environ, workers=workers, threads=4, log_dir=workdir)
        stack.callback(parts[name].stop)
    for part in parts.values():
        part.wait_ready()
    return parts


def _migrate(environ: dict[str, str]) -> None:
    from procure.config import DatabaseSettings
    from procure.migrations import migrate
    settings = DatabaseSettings(database_url=environ["PROCURE_DATABASE_URL"],
                                database_prefix=environ["PROCURE_DATABASE_PREFIX"])
    for name in ("identity", "notices"):
        migrate(name, settings.service_database_url(name))


def _seed(parts: dict[str, Gunicorn]) -> tuple[str, str]:
    """A buyer and one published notice, through the services' own APIs."""
    identity, notices = parts["identity"].url, parts["notices"].url
    email, password = f"bench-{uuid.uuid4().hex[:8]}@example.org", "bench password of enough length"
    _call("POST", f"{identity}/v1/identity/registrations", json={
        "organisation": bench_buyer(),
        "user": {"email": email, "name": "Bench", "password": password}})
    token = _call("POST", f"{identity}/v1/identity/token", fields={
        "grant_type": "password", "username": email, "password": password}, encode_multipart=False)
    token = token.json()["access_token"]
    deadline = (datetime.now(timezone.utc) + timedelta(days=40)).isoformat()
    auth = {"Authorization": f"Bearer {token}"}
    drafted = _call("POST", f"{notices}/v1/notices", headers=auth, json={
        "title": {"en": "Bench notice"}, "description": {"en": "A notice read again and again."},
        "contract_nature": "supplies", "procedure": "open", "buyer_legal_type": "la", "cpv_code": "30192000-1",
        "nuts_codes": ["FRC11"], "estimated_value": {"amount": "90000.00", "currency": "EUR"},
        "lots": [{"id": "LOT-0001", "title": {"en": "Office supplies"}, "cpv_code": "30192000-1"}],
        "submission_languages": ["en"], "deadlines": {"submission": deadline}})
    notice_id = drafted.json()["id"]
    _call("POST", f"{notices}/v1/notices/{notice_id}/publish",
          headers={**auth, "If-Match": drafted.headers["ETag"]})
    return token, notice_id


def _call(method: str, url: str, **kwargs):
    response = _http.request(method, url, **kwargs)
    if response.status >= 300:
        raise RuntimeError(f"{method} {url} answered {response.status}: {response.data[:300]!r}")
    return response


def _report(figures: dict) -> int:
    direct, gateway = figures["direct"], figures["gateway"]
    added = round(gateway["p50_ms"] - direct["p50_ms"], 3)
    kept = round(gateway["requests_per_second"] / direct["requests_per_second"], 3)
    print(f"{'route':<10}{'p50 ms':>10}{'p99 ms':>10}{'req/s':>10}")
    for route, row in figures.items():
        print(f"{route:<10}{row['p50_ms']:>10}{row['p99_ms']:>10}{row['requests_per_second']:>10}")
    print(f"gateway adds {added} ms at p50 and keeps {kept:.0%} of the direct throughput")
    met = added <= TARGET["added_p50_ms_at_most"] and kept >= TARGET["throughput_kept_at_least"]
    print(json.dumps({"bench": "gateway",
                      "figures": {"gateway": gateway, "added_p50_ms": added, "throughput_kept": kept},
                      "baseline": {"name": "straight to the notices service", **direct},
                      "ratio": kept, "target": TARGET, "met": met}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
