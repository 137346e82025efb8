"""Request and response shapes of the notices API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from procure.web.schemas import PageQuerySchema

LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="Must be a two-letter language code.")
CPV_CODE = validate.Regexp(r"^\d{8}-\d$", error="Must be a CPV code such as 45000000-7.")


class MultilingualText(fields.Dict):
    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(validate=LANGUAGE),
                         values=fields.String(validate=validate.Length(min=1, max=1000)),
                         validate=validate.Length(min=1, error="Give the text in at least one language."),
                         **kwargs)


class NoticeDraftSchema(Schema):
    title = MultilingualText(required=True)
    cpv_code = fields.String(required=True, validate=CPV_CODE)
    submission_deadline = fields.AwareDateTime(required=True)


class NoticeSchema(Schema):
    id = fields.UUID()
    buyer_id = fields.UUID()
    title = fields.Dict(keys=fields.String(), values=fields.String())
    cpv_code = fields.String()
    submission_deadline = fields.AwareDateTime()
    status = fields.Function(lambda notice: notice.status.value)
    version = fields.Integer()
    created_at = fields.AwareDateTime()
    published_at = fields.AwareDateTime(allow_none=True)


class NoticePageSchema(Schema):
    items = fields.List(fields.Nested(NoticeSchema))
    next_cursor = fields.String(allow_none=True)


class NoticeListQuerySchema(PageQuerySchema):
    pass
