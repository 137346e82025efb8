"""A small JSON client over urllib3, for tests that talk HTTP to the suite for real."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import urllib3

_pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=5, read=30), retries=False)


@dataclass
class Answer:
    status: int
    headers: urllib3.HTTPHeaderDict
    body: bytes

    def json(self):
        return json.loads(self.body)


def call(method: str, url: str, *, json_body=None, form=None, token: str | None = None,
         headers: dict | None = None, body: bytes | None = None) -> Answer:
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if json_body is not None:
        body = json.dumps(json_body).encode()
        sent.setdefault("Content-Type", "application/json")
    elif form is not None:
        body = urlencode(form).encode()
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    response = _pool.request(method, url, body=body, headers=sent, redirect=False)
    return Answer(response.status, response.headers, response.data)


def eventually(probe, *, timeout: float = 20.0, interval: float = 0.1):
    """Polls `probe` until it returns something truthy; the last value otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
