"""Shapes of a registration: the organisation with its profile, and its first user."""
from marshmallow import Schema, fields, validate, validates_schema

from services.identity.api.organisations.schemas import COUNTRY, DetailsSchema, required_for_kind


class OrganisationInSchema(DetailsSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(required=True, validate=validate.OneOf(["buyer", "supplier"]))
    country = fields.String(required=True, validate=COUNTRY)

    @validates_schema
    def _required_for_kind(self, data, **kwargs):
        required_for_kind(data, data.get("kind", ""))


class FirstUserSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=320))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1000))


class RegistrationSchema(Schema):
    organisation = fields.Nested(OrganisationInSchema, required=True)
    user = fields.Nested(FirstUserSchema, required=True)


class RegisteredSchema(Schema):
    organisation_id = fields.UUID()
    user_id = fields.UUID()
    roles = fields.List(fields.String())
