"""Shapes of an organisation's profile, shared by registration and the organisation endpoints."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from services.identity.domain.organisations import (Address, ContactPoint, DirectoryProfile, Identifier,
                                                    OrganisationDetails)

COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="ISO 3166-1 alpha-2, upper case.")
MAX_LIMIT = 100


class IdentifierSchema(Schema):
    scheme = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{2,3}(-[A-Z]{2,10})?$",
                                                                    error="A scheme such as FR-SIRET or VAT."))
    value = fields.String(required=True, validate=validate.Length(min=1, max=60))


class AddressSchema(Schema):
    street = fields.String(required=True, validate=validate.Length(min=1, max=200))
    locality = fields.String(required=True, validate=validate.Length(min=1, max=100))
    postal_code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    country = fields.String(required=True, validate=COUNTRY)


class ContactPointSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=320))
    telephone = fields.String(load_default=None, validate=validate.Regexp(r"^\+?[0-9 ().-]{4,30}$"))


class DirectoryProfileSchema(Schema):
    listed = fields.Boolean(load_default=False)
    description = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[a-z]{2}$", error="ISO 639-1.")),
                              values=fields.String(validate=validate.Length(min=1, max=500)),
                              load_default=dict, validate=validate.Length(max=24))
    website = fields.Url(load_default=None, schemes={"https", "http"}, validate=validate.Length(max=300))


class DetailsSchema(Schema):
    identifier = fields.Nested(IdentifierSchema)
    nuts = fields.String(validate=validate.Regexp(r"^[A-Z]{2}[A-Z0-9]{0,3}$", error="A NUTS code, e.g. FR101."))
    address = fields.Nested(AddressSchema, allow_none=True)
    contact_point = fields.Nested(ContactPointSchema, allow_none=True)
    buyer_legal_type = fields.String(validate=validate.Length(min=1, max=40))
    vat_number = fields.String(allow_none=True, validate=validate.Length(min=2, max=40))
    size = fields.String(validate=validate.Length(min=1, max=10))
    cpv_codes = fields.List(fields.String(validate=validate.Length(max=10)), validate=validate.Length(max=50))
    directory = fields.Nested(DirectoryProfileSchema)


class OrganisationPatchSchema(DetailsSchema):
    name = fields.String(validate=validate.Length(min=1, max=300))


class OrganisationSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String(attribute="kind.value")
    country = fields.String()
    created_at = fields.DateTime()
    identifier = fields.Nested(IdentifierSchema, attribute="details.identifier", allow_none=True)
    nuts = fields.String(attribute="details.nuts", allow_none=True)
    address = fields.Nested(AddressSchema, attribute="details.address", allow_none=True)
    contact_point = fields.Nested(ContactPointSchema, attribute="details.contact", allow_none=True)
    buyer_legal_type = fields.String(attribute="details.buyer_legal_type", allow_none=True)
    vat_number = fields.String(attribute="details.vat_number", allow_none=True)
    size = fields.String(attribute="details.size", allow_none=True)
    cpv_codes = fields.List(fields.String(), attribute="details.cpv_codes")
    directory = fields.Nested(DirectoryProfileSchema, attribute="details.directory")
    version = fields.Integer()


class OrganisationListQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_LIMIT))
    cursor = fields.String(validate=validate.Length(max=500))


class OrganisationPageSchema(Schema):
    items = fields.List(fields.Nested(OrganisationSchema))
    next_cursor = fields.String(allow_none=True)


def required_for_kind(data: dict, kind: str) -> None:
    """A buyer needs what notices will show about it; a supplier its size. Raises a schema error."""
    needed = {"buyer": ("identifier", "nuts", "address", "contact_point", "buyer_legal_type"),
              "supplier": ("identifier", "nuts", "size")}.get(kind, ())
    missing = {name: ["Missing data for required field."] for name in needed if data.get(name) is None}
    if missing:
        raise ValidationError(missing)


def organisation_details(data: dict, current: OrganisationDetails | None = None) -> OrganisationDetails:
    """The details a body gives, over `current` for the fields it leaves out."""
    current = current or OrganisationDetails()

    def given(name, build, default):
        return build(data[name]) if data.get(name) is not None else (None if name in data else default)

    return OrganisationDetails(
        identifier=given("identifier", lambda v: Identifier(**v), current.identifier),
        nuts=data.get("nuts", current.nuts),
        address=given("address", lambda v: Address(**v), current.address),
        contact=given("contact_point", lambda v: ContactPoint(**v), current.contact),
        buyer_legal_type=data.get("buyer_legal_type", current.buyer_legal_type),
        vat_number=data.get("vat_number", current.vat_number),
        size=data.get("size", current.size),
        cpv_codes=tuple(data.get("cpv_codes", current.cpv_codes)),
        directory=given("directory", lambda v: DirectoryProfile(**v), current.directory))

