"""Problems only the gateway raises; `procure.web.problems` renders them like every other error."""
from __future__ import annotations

from procure.errors import ProcureError


class MalformedPath(ProcureError):
    status, title, slug = 400, "Malformed path", "malformed-path"


class PayloadTooLarge(ProcureError):
    status, title, slug = 413, "Payload too large", "payload-too-large"


class TooManyRequests(ProcureError):
    status, title, slug = 429, "Too many requests", "rate-limited"


class BadUpstreamResponse(ProcureError):
    status, title, slug = 502, "Bad gateway", "bad-gateway"


class UpstreamTimedOut(ProcureError):
    status, title, slug = 504, "Gateway timeout", "upstream-timeout"
