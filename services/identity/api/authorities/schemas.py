"""Shapes of accepted certification authorities, CRLs and trusted lists."""
from base64 import b64encode

from marshmallow import Schema, fields, validate

from procure.web.schemas import PageQuerySchema

COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="ISO 3166-1 alpha-2 (EU for the list of lists).")
ENCODED = validate.Length(min=1, max=200_000)


class Base64Bytes(fields.Field):
    """Bytes out as base64 text."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else b64encode(value).decode()


class AuthorityInSchema(Schema):
    certificate = fields.String(required=True, validate=ENCODED,
                                metadata={"description": "PEM, or base64 of DER"})
    country = fields.String(required=True, validate=COUNTRY)
    label = fields.String(required=True, validate=validate.Length(min=1, max=300))


class AuthorityChangeSchema(Schema):
    enabled = fields.Boolean(required=True)


class AuthoritySchema(Schema):
    fingerprint = fields.String()
    subject = fields.String()
    country = fields.String()
    label = fields.String()
    not_before = fields.AwareDateTime()
    not_after = fields.AwareDateTime()
    enabled = fields.Boolean()
    signs = fields.Boolean(metadata={"description": "whether new signatures may chain up to it"})
    source = fields.String(metadata={"description": "manual or trusted-list"})
    territory = fields.String(allow_none=True)
    service_type = fields.String(allow_none=True)
    service_status = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    certificate = Base64Bytes(metadata={"description": "DER, base64"})


class AuthorityPageSchema(Schema):
    items = fields.List(fields.Nested(AuthoritySchema))
    next_cursor = fields.String(allow_none=True)


class AuthorityQuerySchema(PageQuerySchema):
    enabled = fields.Boolean()


class RevocationListInSchema(Schema):
    crl = fields.String(required=True, validate=validate.Length(min=1, max=20_000_000),
                        metadata={"description": "PEM, or base64 of DER"})


class RevocationListSchema(Schema):
    id = fields.UUID()
    authority = fields.String()
    this_update = fields.AwareDateTime()
    next_update = fields.AwareDateTime(allow_none=True)
    uploaded_at = fields.AwareDateTime()


class RevocationListsSchema(Schema):
    items = fields.List(fields.Nested(RevocationListSchema))


class SourceInSchema(Schema):
    territory = fields.String(required=True, validate=COUNTRY)
    label = fields.String(required=True, validate=validate.Length(min=1, max=200))
    signing_certificates = fields.List(fields.String(validate=ENCODED), required=True,
                                       validate=validate.Length(min=1, max=20))


class ServiceSchema(Schema):
    provider = fields.String()
    name = fields.String()
    service_type = fields.String()
    status = fields.String()
    status_starting_time = fields.AwareDateTime()
    history = fields.List(fields.Dict())
    certificates = fields.List(fields.Dict())


class ImportSchema(Schema):
    id = fields.UUID()
    territory = fields.String()
    operator = fields.String()
    sequence_number = fields.Integer()
    issued_at = fields.AwareDateTime()
    next_update = fields.AwareDateTime(allow_none=True)
    sha256 = fields.String()
    imported_at = fields.AwareDateTime()
    services = fields.List(fields.Nested(ServiceSchema))


class SourceSchema(Schema):
    territory = fields.String()
    label = fields.String()
    origin = fields.String()
    created_at = fields.AwareDateTime()
    signing_certificates = fields.List(Base64Bytes(), metadata={"description": "DER, base64"})
    latest_import = fields.Nested(ImportSchema, allow_none=True)


class SourcePageSchema(Schema):
    items = fields.List(fields.Nested(SourceSchema))
    next_cursor = fields.String(allow_none=True)


class ImportedSchema(Schema):
    list = fields.Nested(ImportSchema, attribute="import", data_key="list")
    granted = fields.List(fields.String(), metadata={"description": "fingerprints of authorities that sign"})
    withdrawn = fields.List(fields.String(), metadata={"description": "fingerprints that no longer sign"})
    sources = fields.List(fields.String(), metadata={"description": "territories a list of lists configured"})


class ImportInSchema(Schema):
    xml = fields.String(required=True, validate=validate.Length(min=1),
                        metadata={"description": "the list's XML, base64"})
