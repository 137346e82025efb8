"""HTTP conventions shared by every API: ETags, If-Match, Idempotency-Key, cursors."""
from __future__ import annotations

import base64
import json
import re
import uuid
from datetime import datetime
from typing import Callable

from flask import request

from procure.errors import InvalidInput, PreconditionFailed, PreconditionRequired

_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,200}$")


def etag_for(version: int) -> str:
    return f'"v{version}"'


def required_if_match_version() -> int:
    """The version the client last read, from `If-Match`; 428 without one, 412 if unreadable."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired("Send the notice's ETag in If-Match so that no change is overwritten.")
    match = re.fullmatch(r'(?:W/)?"v(\d{1,9})"', header.strip())
    if not match:
        raise PreconditionFailed("If-Match does not match the current ETag.")
    return int(match.group(1))


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not _IDEMPOTENCY_KEY.match(key):
        raise InvalidInput("Idempotency-Key must be 8 to 200 letters, digits or . _ : -",
                           errors={"Idempotency-Key": ["Invalid format."]})
    return key


def encode_cursor(*values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError as error:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]}) from error
    if not isinstance(values, list) or len(values) != arity:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]})
    return values


def encode_position(moment: datetime, identifier: uuid.UUID) -> str:
    """A keyset cursor for lists ordered by (time, id), newest first."""
    return encode_cursor(moment.isoformat(), str(identifier))


def decode_position(cursor: str) -> tuple[datetime, uuid.UUID]:
    moment, identifier = decode_cursor(cursor, 2)
    try:
        return datetime.fromisoformat(moment), uuid.UUID(identifier)
    except (TypeError, ValueError) as error:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]}) from error


def keyset_page(items: list, limit: int, position: Callable) -> dict:
    """Cuts a list fetched with `limit + 1` rows into a page and the cursor of the next one."""
    page = items[:limit]
    cursor = position(page[-1]) if len(items) > limit else None
    return {"items": page, "next_cursor": cursor}
