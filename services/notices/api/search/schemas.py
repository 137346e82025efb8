"""Request and response shapes of the public notice search."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from procure.web.schemas import PageQuerySchema
from services.notices.domain.content import CONTRACT_NATURES, PROCEDURES
from services.notices.domain.search import PUBLIC_STATUSES, SearchOrder

LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="Must be a two-letter language code.")
CPV_PREFIX = validate.Regexp(r"^(\d{2,8}|\d{8}-\d)$", error="Must be 2 to 8 digits of a CPV code, or a whole code.")
NUTS_PREFIX = validate.Regexp(r"^[A-Z]{2}[A-Z0-9]{0,3}$", error="Must be a NUTS code or its first characters.")
PRINTABLE = validate.Regexp(r"^[^\x00-\x1f\x7f]*$", error="Must not contain control characters.")
MAX_REPEATS = validate.Length(max=20, error="At most 20 values.")


def _many(inner: fields.Field) -> fields.List:
    return fields.List(inner, validate=MAX_REPEATS)


class NoticeSearchQuerySchema(PageQuerySchema):
    q = fields.String(validate=[validate.Length(min=1, max=200), PRINTABLE],
                      metadata={"description": "Words to find in titles and descriptions (web search syntax)."})
    lang = fields.String(validate=LANGUAGE, metadata={
        "description": "Language of `q` (default: the first of Accept-Language; else no stemming)."})
    cpv = _many(fields.String(validate=CPV_PREFIX))
    nuts = _many(fields.String(validate=NUTS_PREFIX))
    buyer = fields.UUID()
    procedure = _many(fields.String(validate=validate.OneOf(PROCEDURES)))
    nature = _many(fields.String(validate=validate.OneOf(CONTRACT_NATURES)))
    status = _many(fields.String(validate=validate.OneOf(PUBLIC_STATUSES)))
    deadline_from = fields.AwareDateTime()
    deadline_to = fields.AwareDateTime()
    published_from = fields.AwareDateTime()
    published_to = fields.AwareDateTime()
    value_min = fields.Decimal(validate=validate.Range(min=0, max=10**15))
    value_max = fields.Decimal(validate=validate.Range(min=0, max=10**15))
    currency = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$", error="Must be an ISO 4217 code."))
    green = fields.Boolean()
    social = fields.Boolean()
    innovation = fields.Boolean()
    above_threshold = fields.Boolean()
    language = fields.String(validate=LANGUAGE, metadata={"description": "Notices written in this language."})
    sort = fields.String(validate=validate.OneOf([order.value for order in SearchOrder]), metadata={
        "description": "relevance (default with q), deadline (soonest first) or published (newest first)."})

    @validates_schema
    def _consistent(self, data, **kwargs):
        if ("value_min" in data or "value_max" in data) and "currency" not in data:
            raise ValidationError("A value range needs its currency.", "currency")
        if data.get("sort") == SearchOrder.RELEVANCE.value and "q" not in data:
            raise ValidationError("Sorting by relevance needs words in q.", "sort")


class FoundNoticeSchema(Schema):
    id = fields.UUID()
    buyer_id = fields.UUID()
    notice_type = fields.String()
    status = fields.String()
    title = fields.Dict(keys=fields.String(), values=fields.String())
    description = fields.Dict(keys=fields.String(), values=fields.String())
    procedure = fields.String()
    contract_nature = fields.String()
    cpv_code = fields.String()
    nuts_codes = fields.List(fields.String())
    estimated_value = fields.Function(
        lambda found: None if found.estimated_value is None
        else {"amount": str(found.estimated_value), "currency": found.currency})
    submission_deadline = fields.AwareDateTime(allow_none=True)
    published_at = fields.AwareDateTime(allow_none=True)


class FacetCountSchema(Schema):
    code = fields.String()
    label = fields.String(allow_none=True)
    count = fields.Integer()


class FacetsSchema(Schema):
    cpv_division = fields.List(fields.Nested(FacetCountSchema))
    nuts2 = fields.List(fields.Nested(FacetCountSchema))
    procedure = fields.List(fields.Nested(FacetCountSchema))


class NoticeSearchPageSchema(Schema):
    items = fields.List(fields.Nested(FoundNoticeSchema))
    next_cursor = fields.String(allow_none=True)
    facets = fields.Nested(FacetsSchema, allow_none=True, metadata={
        "description": "Counts over the whole result, on the first page only (null on later pages)."})
