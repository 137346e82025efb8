"""The services behind the gateway and the one connection pool that reaches them all."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from urllib3 import BaseHTTPResponse, HTTPConnectionPool, PoolManager, Timeout
from urllib3.util import parse_url

# Connections kept open per service: enough for a busy gateway process's threads, so that
# a burst does not open and drop connections on every request.
CONNECTIONS_PER_SERVICE = 64
# Size of the blocks bodies are streamed in, both ways.
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Upstream:
    """One service: its name, where it lives and the pooled connections to it."""

    name: str
    base_url: str
    base_path: str  # a base URL may carry a path prefix (a service behind another proxy)
    pool: HTTPConnectionPool


class Upstreams:
    def __init__(self, urls: dict[str, str], *, connect_timeout: float, read_timeout: float):
        self.timeout = Timeout(connect=connect_timeout, read=read_timeout)
        self._manager = PoolManager(num_pools=len(urls) + 4, maxsize=CONNECTIONS_PER_SERVICE, block=False,
                                    retries=False, blocksize=CHUNK_BYTES)
        self._by_name = {name: Upstream(name, url, (parse_url(url).path or "").rstrip("/"),
                                        self._manager.connection_from_url(url))
                         for name, url in urls.items()}
        # Probes (readiness, OpenAPI) ask every service at once so that one slow service
        # costs its own timeout, not the sum of all of them.
        self._probes = ThreadPoolExecutor(max_workers=max(len(urls), 1), thread_name_prefix="gateway-probe")

    def __getitem__(self, name: str) -> Upstream:
        return self._by_name[name]

    def probe_all(self, path: str, *, read_timeout: float) -> dict[str, BaseHTTPResponse | Exception]:
        """GET `path` on every service at once; each answer, or the error that stood in its way."""
        timeout = Timeout(connect=self.timeout.connect_timeout, read=min(read_timeout, self.timeout.read_timeout))
        futures = {name: self._probes.submit(self._get, upstream, path, timeout)
                   for name, upstream in self._by_name.items()}
        return {name: _outcome(future) for name, future in futures.items()}

    @staticmethod
    def _get(upstream: Upstream, path: str, timeout: Timeout) -> BaseHTTPResponse:
        return upstream.pool.urlopen("GET", upstream.base_path + path, retries=False, redirect=False,
                                     timeout=timeout, headers={"accept": "application/json"})


def _outcome(future) -> BaseHTTPResponse | Exception:
    try:
        return future.result()
    except Exception as error:  # every failure is "this service did not answer"
        return error
