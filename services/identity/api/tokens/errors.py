"""RFC 6749 5.2 and RFC 7009 2.2.1 errors of the token and revocation endpoints.

Each is a problem document that also carries the OAuth `error` code, so that OAuth
client libraries and problem-aware clients both understand it.
"""
from __future__ import annotations

from procure.errors import ProcureError


class InvalidRequest(ProcureError):
    status, title, slug = 400, "Invalid request", "invalid-request"

    def __init__(self, detail: str, *, errors: dict | None = None):
        super().__init__(detail, errors=errors, error="invalid_request")


class UnsupportedGrantType(ProcureError):
    status, title, slug = 400, "Unsupported grant type", "unsupported-grant-type"

    def __init__(self, grant_type: str):
        super().__init__(f"This server does not issue tokens for the grant type {grant_type[:50]!r}.",
                         error="unsupported_grant_type")


class UnsupportedTokenType(ProcureError):
    status, title, slug = 400, "Unsupported token type", "unsupported-token-type"

    def __init__(self, detail: str):
        super().__init__(detail, error="unsupported_token_type")
