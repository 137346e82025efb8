"""Request and response shapes of amendments and revisions."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.notices.api.notices.schemas import NoticeSchema


class AmendmentSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    changes = fields.Dict(required=True, validate=validate.Length(min=1, max=40),
                          metadata={"description": "RFC 7396 JSON merge patch of the notice's content"})


class RevisionSchema(Schema):
    number = fields.Integer()
    version = fields.Integer(metadata={"description": "the notice's version this revision produced"})
    patch = fields.List(fields.Dict(), metadata={"description": "RFC 6902 JSON Patch from the previous content"})
    reason = fields.String()
    author = fields.String(allow_none=True, metadata={"description": "who amended; shown to the buyer only"})
    created_at = fields.AwareDateTime()
    changed_fields = fields.List(fields.String())
    significant = fields.Boolean()


class AmendedNoticeSchema(Schema):
    notice = fields.Nested(NoticeSchema)
    revision = fields.Nested(RevisionSchema)


class RevisionQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String(load_default=None, validate=validate.Length(max=100))


class RevisionPageSchema(Schema):
    items = fields.List(fields.Nested(RevisionSchema))
    next_cursor = fields.String(allow_none=True)
