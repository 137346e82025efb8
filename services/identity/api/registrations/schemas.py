"""Shapes of a registration."""
from marshmallow import Schema, fields, validate


class OrganisationInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(required=True, validate=validate.OneOf(["buyer", "supplier"]))
    country = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{2}$", error="ISO 3166-1 alpha-2."))


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
