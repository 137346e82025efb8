"""What every request goes through before it is forwarded: an id, a size check, a token check.

The token is verified once, before rate limiting, so that limits count per caller; a bad
token is only refused after the limiter has counted the request, so that floods of forged
tokens are limited too.
"""
from __future__ import annotations

import re
import uuid

from flask import Response, g, request

from gateway.errors import PayloadTooLarge
from gateway.public_routes import carries_client_credentials, is_public
from gateway.token_cache import RememberingVerifier
from procure.errors import Unauthenticated
from procure.tokens import TokenVerifier
from procure.web.auth import bearer_token

REQUEST_ID = "X-Request-ID"
_REQUEST_ID_SHAPE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def caller_identifier(verifier: TokenVerifier | RememberingVerifier, max_body_bytes: int):
    """A before-request hook: request id, body size, and the verified caller if a token came."""

    def identify_caller() -> None:
        incoming = request.environ.get("HTTP_X_REQUEST_ID", "")
        g.request_id = incoming if _REQUEST_ID_SHAPE.fullmatch(incoming) else str(uuid.uuid4())
        length = request.content_length
        if length is not None and length > max_body_bytes:
            raise PayloadTooLarge(f"The body is {length} bytes; at most {max_body_bytes} are accepted.")
        g.principal, g.refusal = None, None
        if _client_credentials_for_the_service():
            return
        try:
            token = bearer_token()
            if token:
                g.principal = verifier.verify(token)
        except Unauthenticated as refusal:
            g.refusal = refusal

    return identify_caller


def _client_credentials_for_the_service() -> bool:
    scheme = request.environ.get("HTTP_AUTHORIZATION", "").partition(" ")[0].lower()
    return scheme == "basic" and carries_client_credentials(request.method, request.path)


def require_token() -> None:
    """A before-request hook, after rate limiting: refuse a bad token, or a missing one where needed."""
    if request.routing_exception is not None:
        return  # a 404 or 405 tells the client more than a 401 would
    refusal = g.get("refusal")
    if refusal is not None:
        raise refusal
    if g.get("principal") is None and not is_public(request.method, request.path):
        raise Unauthenticated("This operation needs an access token.",
                              headers={"WWW-Authenticate": 'Bearer realm="procure"'})


def echo_request_id(response: Response) -> Response:
    response.headers[REQUEST_ID] = g.get("request_id") or str(uuid.uuid4())
    return response
