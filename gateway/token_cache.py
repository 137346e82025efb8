"""Remembers recently verified access tokens for a short while.

An EdDSA signature check costs more than everything else the gateway does for a request
put together, and a client sends the same token for its whole lifetime (15 minutes).
A remembered token is still refused once it expires; a key withdrawn from the JWKS
stops being honoured within `REMEMBER_SECONDS`. Only successes are remembered.
"""
from __future__ import annotations

import threading
import time

from procure.tokens import Principal, TokenVerifier

REMEMBER_SECONDS = 60.0
MAX_REMEMBERED = 4096


class RememberingVerifier:
    """A `TokenVerifier` in front of which recent successes are looked up first."""

    def __init__(self, verifier: TokenVerifier, *, remember_seconds: float = REMEMBER_SECONDS,
                 max_remembered: int = MAX_REMEMBERED, clock=time.time):
        self._verifier = verifier
        self._remember_seconds = remember_seconds
        self._max = max_remembered
        self._clock = clock
        self._remembered: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def verify(self, token: str) -> Principal:
        now = self._clock()
        found = self._remembered.get(token)
        if found is not None and now < found[1]:
            return found[0]
        principal = self._verifier.verify(token)
        until = min(now + self._remember_seconds, float(principal.claims["exp"]))
        with self._lock:
            if len(self._remembered) >= self._max:
                self._forget_oldest(now)
            self._remembered[token] = (principal, until)
        return principal

    def _forget_oldest(self, now: float) -> None:
        # Expired ones first; if all are live, the oldest quarter, so that the scan is rare.
        stale = [token for token, (_, until) in self._remembered.items() if until <= now]
        if len(self._remembered) - len(stale) >= self._max:
            stale.extend(list(self._remembered)[: max(1, self._max // 4)])
        for token in stale:
            self._remembered.pop(token, None)
