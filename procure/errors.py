"""One error hierarchy for the whole suite.

Plain Python so that domain code can raise these; `procure.web.problems` renders
every one of them as an RFC 9457 problem document.
"""
from __future__ import annotations

PROBLEM_BASE = "https://procure.example/problems/"


class ProcureError(Exception):
    """An error a client can act on; carries its HTTP status and a stable type."""

    status = 400
    title = "Bad request"
    slug = "bad-request"

    def __init__(self, detail: str | None = None, *, errors: dict | None = None,
                 headers: dict[str, str] | None = None, **extensions):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.headers = headers or {}
        self.extensions = extensions

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.slug


class InvalidInput(ProcureError):
    status, title, slug = 422, "Invalid input", "invalid-input"


class Unauthenticated(ProcureError):
    status, title, slug = 401, "Authentication required", "unauthenticated"

    def __init__(self, detail: str | None = None, **kwargs):
        kwargs.setdefault("headers", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        super().__init__(detail, **kwargs)


class Forbidden(ProcureError):
    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(ProcureError):
    status, title, slug = 404, "Not found", "not-found"


class Conflict(ProcureError):
    status, title, slug = 409, "Conflict", "conflict"


class PreconditionFailed(ProcureError):
    status, title, slug = 412, "Precondition failed", "precondition-failed"


class PreconditionRequired(ProcureError):
    status, title, slug = 428, "Precondition required", "precondition-required"


class DependencyUnavailable(ProcureError):
    status, title, slug = 503, "Service unavailable", "dependency-unavailable"
