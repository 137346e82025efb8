"""OAuth 2.0 token endpoint shapes (RFC 6749, form-encoded)."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema


class TokenRequestSchema(Schema):
    grant_type = fields.String(required=True, validate=validate.OneOf(["password", "refresh_token"]))
    username = fields.String(validate=validate.Length(min=1, max=320))
    password = fields.String(load_only=True, validate=validate.Length(min=1, max=1000))
    organisation_id = fields.UUID()
    refresh_token = fields.String(load_only=True, validate=validate.Length(min=1, max=200))

    @validates_schema
    def _fields_of_the_grant(self, data, **kwargs):
        needed = {"password": ("username", "password"), "refresh_token": ("refresh_token",)}
        missing = [name for name in needed.get(data.get("grant_type"), ()) if not data.get(name)]
        if missing:
            raise ValidationError({name: ["Required for this grant_type."] for name in missing})


class TokenResponseSchema(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    refresh_token = fields.String()
    organisation_id = fields.String()


class MeSchema(Schema):
    user_id = fields.String()
    organisation_id = fields.String(allow_none=True)
    roles = fields.List(fields.String())
