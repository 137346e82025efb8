"""Load generation: one sequential client for latency, a pool of clients for throughput."""
from __future__ import annotations

import multiprocessing
import statistics
import threading
import time
from urllib.parse import urlsplit

import urllib3


def _connection(url: str) -> tuple[urllib3.HTTPConnectionPool, str]:
    parts = urlsplit(url)
    pool = urllib3.HTTPConnectionPool(parts.hostname, parts.port, maxsize=1, retries=False, timeout=10)
    return pool, parts.path + (f"?{parts.query}" if parts.query else "")


def latencies_ms(url: str, headers: dict, count: int) -> list[float]:
    pool, path = _connection(url)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = pool.request("GET", path, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}: {response.data[:200]!r}")
    return samples


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(samples), 3), "p99_ms": round(percentile(samples, 0.99), 3)}


def throughput(url: str, headers: dict, *, processes: int, threads: int, seconds: float) -> float:
    """Requests per second that `processes` x `threads` keep-alive clients complete together.

    Several processes, so that the client's own interpreter lock is not what limits the figure.
    """
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        counts = pool.starmap(_client_process, [(url, headers, threads, seconds)] * processes)
    return round(sum(counts) / seconds, 1)


def _client_process(url: str, headers: dict, threads: int, seconds: float) -> int:
    done = [0] * threads
    failures = []
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        pool, path = _connection(url)
        while time.perf_counter() < deadline:
            if pool.request("GET", path, headers=headers).status != 200:
                failures.append(index)
                return
            done[index] += 1

    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(seconds + 30)
    if failures:
        raise RuntimeError(f"{len(failures)} clients saw a non-200 answer from {url}")
    return sum(done)
