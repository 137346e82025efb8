"""Shapes of the published notices the alerts service has heard of."""
from marshmallow import Schema, fields


class PublishedNoticeSchema(Schema):
    notice_id = fields.UUID()
    buyer_id = fields.UUID()
    title = fields.Dict(keys=fields.String(), values=fields.String())
    cpv_code = fields.String()
    submission_deadline = fields.AwareDateTime(allow_none=True)
    published_at = fields.AwareDateTime()
    received_at = fields.AwareDateTime()


class PublishedNoticePageSchema(Schema):
    items = fields.List(fields.Nested(PublishedNoticeSchema))
    next_cursor = fields.String(allow_none=True)
