"""Shapes of the change feed: its query, its items and the cursor that leads from page to page."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from procure.errors import InvalidInput
from procure.web.http import decode_cursor, encode_cursor
from services.notices.domain.feed import FeedPosition

_BAD_CURSOR = "The cursor is not one this feed gave out."


class FeedQuerySchema(Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "At most this many changes (1 to 1000)."})
    cursor = fields.String(validate=validate.Length(max=200),
                           metadata={"description": "`next_cursor` of the previous page; none to start from "
                                                    "the first change ever recorded."})


def feed_cursor(position: FeedPosition) -> str:
    return encode_cursor(position.transaction, position.sequence)


def feed_position(cursor: str | None) -> FeedPosition | None:
    """The position a cursor stands for; 422 for anything this feed did not give out."""
    if cursor is None:
        return None
    values = decode_cursor(cursor, 2)
    if not all(type(value) is int for value in values):
        raise InvalidInput(_BAD_CURSOR, errors={"cursor": ["Invalid."]})
    try:
        return FeedPosition(*values)
    except ValueError as error:
        raise InvalidInput(_BAD_CURSOR, errors={"cursor": ["Invalid."]}) from error


class FeedNoticeSchema(Schema):
    """The notice as it reads now: what `GET /v1/notices/{id}` shows the public."""

    id = fields.UUID()
    buyer_id = fields.UUID()
    notice_type = fields.String()
    status = fields.String()
    title = fields.Dict(keys=fields.String(), values=fields.String())
    content = fields.Dict()
    version = fields.Integer()
    published_at = fields.AwareDateTime(allow_none=True)
    modified_at = fields.AwareDateTime()


class FeedItemSchema(Schema):
    change = fields.Integer(metadata={"description": "Identifies this change; the same change keeps it."})
    cursor = fields.Function(lambda change: feed_cursor(change.position),
                             metadata={"description": "Resume right after this change."})
    notice_id = fields.UUID()
    status = fields.String(metadata={"description": "The notice's status after this change."})
    version = fields.Integer(metadata={"description": "The notice's version after this change; apply an item "
                                                      "only if it is newer than the version you hold."})
    changed_at = fields.AwareDateTime(metadata={"description": "When the changing transaction ran."})
    modified_at = fields.AwareDateTime(allow_none=True,
                                       metadata={"description": "The notice's last modification, now."})
    notice = fields.Nested(FeedNoticeSchema, allow_none=True,
                           metadata={"description": "The notice as it reads now; null if it is not public."})


class FeedPageSchema(Schema):
    items = fields.List(fields.Nested(FeedItemSchema), attribute="changes")
    next_cursor = fields.Function(lambda page: feed_cursor(page.next_position),
                                  metadata={"description": "Always present: the cursor of the next read."})
    more = fields.Boolean(metadata={"description": "true: another page is ready, read it now; false: every "
                                                   "change committed so far was handed out, poll again later."})
