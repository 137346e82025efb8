"""Request and response shapes of the notices API (shape only: code lists are checked by the domain)."""
from __future__ import annotations

from marshmallow import INCLUDE, Schema, ValidationError, fields, validate

from procure.errors import InvalidInput
from procure.events.model import to_json_value
from services.notices.domain.content import AWARD_CRITERION_TYPES, CONTRACT_NATURES, PROCEDURES, content_to_json

LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="Must be a two-letter language code.")
CPV_CODE = validate.Regexp(r"^\d{8}-\d$", error="Must be a CPV code such as 45000000-7.")
NUTS_CODE = validate.Regexp(r"^[A-Z]{2}[A-Z0-9]{0,3}$", error="Must be a NUTS code such as FRC11.")
LOT_ID = validate.Regexp(r"^LOT-\d{4}$", error="Must be a lot identifier such as LOT-0001.")
DRAFTABLE = ("prior-information", "contract")


class MultilingualText(fields.Dict):
    def __init__(self, max_length: int = 1000, **kwargs):
        super().__init__(keys=fields.String(validate=LANGUAGE),
                         values=fields.String(validate=validate.Length(min=1, max=max_length)),
                         validate=validate.Length(max=24), **kwargs)


def codes(rule, most: int = 100, **kwargs):
    return fields.List(fields.String(validate=rule), validate=validate.Length(max=most), **kwargs)


class MoneySchema(Schema):
    amount = fields.Decimal(required=True, as_string=True, places=2,
                            validate=validate.Range(min=0, max=10**17, error="Must be between 0 and 10^17."))
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="ISO 4217 code."))


class AwardCriterionSchema(Schema):
    type = fields.String(required=True, validate=validate.OneOf(AWARD_CRITERION_TYPES))
    name = MultilingualText()
    weight = fields.Decimal(as_string=True, allow_none=True, validate=validate.Range(min=0, max=100))


class LotSchema(Schema):
    id = fields.String(required=True, validate=LOT_ID)
    title = MultilingualText(required=True)
    description = MultilingualText(max_length=10_000)
    cpv_code = fields.String(required=True, validate=CPV_CODE)
    additional_cpv_codes = codes(CPV_CODE)
    nuts_codes = codes(NUTS_CODE)
    estimated_value = fields.Nested(MoneySchema, allow_none=True)
    award_criteria = fields.List(fields.Nested(AwardCriterionSchema), validate=validate.Length(max=20))


class SustainabilitySchema(Schema):
    green = fields.Boolean()
    social = fields.Boolean()
    innovation = fields.Boolean()
    gpp_criteria = codes(validate.Length(min=1, max=20), most=10)


class DeadlinesSchema(Schema):
    questions = fields.AwareDateTime(allow_none=True)
    submission = fields.AwareDateTime(allow_none=True)
    opening = fields.AwareDateTime(allow_none=True)
    requests_to_participate = fields.AwareDateTime(allow_none=True)


class MarketConsultationSchema(Schema):
    starts_at = fields.AwareDateTime(required=True)
    place = fields.String(required=True, validate=validate.Length(min=1, max=500))
    description = MultilingualText(max_length=10_000)


class NoticeContentSchema(Schema):
    title = MultilingualText(required=True)
    description = MultilingualText(required=True, max_length=10_000)
    contract_nature = fields.String(required=True, validate=validate.OneOf(CONTRACT_NATURES))
    procedure = fields.String(required=True, validate=validate.OneOf(PROCEDURES))
    buyer_legal_type = fields.String(allow_none=True, validate=validate.Length(min=1, max=30),
                                     metadata={"description": "eForms buyer-legal-type code, e.g. `la`"})
    cpv_code = fields.String(required=True, validate=CPV_CODE)
    additional_cpv_codes = codes(CPV_CODE)
    nuts_codes = codes(NUTS_CODE)
    estimated_value = fields.Nested(MoneySchema, allow_none=True)
    lots = fields.List(fields.Nested(LotSchema), required=True, validate=validate.Length(min=1, max=200))
    award_criteria = fields.List(fields.Nested(AwardCriterionSchema), validate=validate.Length(max=20))
    sustainability = fields.Nested(SustainabilitySchema)
    variants_allowed = fields.Boolean()
    submission_languages = codes(LANGUAGE, most=24)
    electronic_submission = fields.Boolean()
    esignature_required = fields.Boolean(allow_none=True)
    urgency = fields.String(allow_none=True, validate=validate.Length(min=1, max=2000))
    deadlines = fields.Nested(DeadlinesSchema)
    market_consultation = fields.Nested(MarketConsultationSchema, allow_none=True)


class NoticeDraftSchema(NoticeContentSchema):
    notice_type = fields.String(load_default="contract", validate=validate.OneOf(DRAFTABLE))
    related_notice_id = fields.UUID(allow_none=True, load_default=None,
                                    metadata={"description": "the prior information notice this one follows"})


class MergePatchSchema(Schema):
    """An RFC 7396 merge patch of the content; the patched content is checked whole."""

    class Meta:
        unknown = INCLUDE


def parse_content(data: dict) -> dict:
    """The content's JSON form after a full shape check; 422 naming each field otherwise."""
    try:
        return to_json_value(NoticeContentSchema().load(data))
    except ValidationError as error:
        raise InvalidInput("The patched notice is not valid; see `errors`.", errors=_flat(error.messages)) from None


def _flat(messages, prefix: str = "") -> dict:
    if isinstance(messages, list):
        return {prefix.rstrip("."): messages}
    flat = {}
    for key, value in messages.items():
        flat.update(_flat(value, f"{prefix}{key}."))
    return flat


class NoticeSchema(Schema):
    id = fields.UUID()
    buyer_id = fields.UUID()
    notice_type = fields.Function(lambda notice: notice.notice_type.value)
    status = fields.Function(lambda notice: notice.status.value)
    version = fields.Integer()
    created_at = fields.AwareDateTime()
    modified_at = fields.AwareDateTime()
    published_at = fields.AwareDateTime(allow_none=True)
    related_notice_id = fields.UUID(allow_none=True)
    cancellation_reason = fields.String(allow_none=True)
    above_threshold = fields.Boolean(allow_none=True)
    title = fields.Function(lambda notice: dict(notice.content.title))
    cpv_code = fields.Function(lambda notice: notice.content.cpv_code)
    submission_deadline = fields.Function(lambda notice: content_to_json(notice.content)["deadlines"]["submission"])
    content = fields.Function(lambda notice: content_to_json(notice.content),
                              metadata={"description": "everything the notice says, as drafted"})
