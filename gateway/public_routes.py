"""The routes anyone may call without a token; every other route needs one.

An explicit list rather than a convention, so that a new service route is protected
until someone decides otherwise.
"""
from __future__ import annotations

import re

from procure.config import SERVICES

_READS = frozenset({"GET", "HEAD"})

# (method, exact path)
_PUBLIC = frozenset({
    ("POST", "/v1/identity/registrations"),
    ("POST", "/v1/identity/token"),
    ("POST", "/v1/identity/revoke"),
    ("POST", "/v1/identity/accounts/password-resets"),
    ("POST", "/v1/identity/accounts/password-resets/confirm"),
    ("POST", "/v1/identity/accounts/email-verifications/confirm"),
    ("POST", "/v1/identity/accounts/invitations/accept"),
})
# OAuth 2.0 endpoints where `Authorization: Basic` carries the client's own credentials
# (RFC 6749 2.3.1): the identity service checks them, the gateway passes them through.
_CLIENT_AUTHENTICATED = frozenset({("POST", "/v1/identity/token"), ("POST", "/v1/identity/revoke")})
# Exact paths readable by anyone.
_PUBLIC_READS = frozenset({"/v1/notices", "/openapi.json", "/docs", "/healthz", "/readyz", "/metrics",
                           *(f"/v1/{service}/event-types" for service in SERVICES)})
# Subtrees readable by anyone: published notices, discovery documents, the docs' assets.
_PUBLIC_READ_PREFIXES = ("/v1/notices/", "/.well-known/", "/docs/", "/v1/identity/directory/")
# A document's content: the documents service decides, per document, whether a token is needed
# (a buyer may open a notice's documents to anonymous downloads).
_DOCUMENT_CONTENT = re.compile(r"^/v1/documents/[0-9a-fA-F-]{36}/content$")


def is_public(method: str, path: str) -> bool:
    if method == "OPTIONS":
        return True  # CORS preflights never carry credentials; the gateway answers them itself
    if method in _READS:
        return (path in _PUBLIC_READS or path.startswith(_PUBLIC_READ_PREFIXES)
                or _DOCUMENT_CONTENT.match(path) is not None)
    return (method, path) in _PUBLIC


def carries_client_credentials(method: str, path: str) -> bool:
    return (method, path) in _CLIENT_AUTHENTICATED
