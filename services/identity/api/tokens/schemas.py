"""OAuth 2.0 token and revocation endpoint shapes (RFC 6749, RFC 7009; form-encoded)."""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from services.identity.api.tokens.errors import InvalidRequest

GRANT_FIELDS = {"password": ("username", "password"), "refresh_token": ("refresh_token",),
                "client_credentials": ()}
SCOPE = validate.Regexp(r"^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$",
                        error="Space-separated scope names (RFC 6749 3.3).")


class OAuthFormSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # RFC 6749 3.1 and 3.2: unrecognised parameters are ignored

    def handle_error(self, error: ValidationError, data, **kwargs):
        # RFC 6749 5.2 and RFC 7009 2.2.1 answer a malformed request with 400 invalid_request.
        raise InvalidRequest("The request is missing a parameter or has a malformed one; see `errors`.",
                             errors=error.normalized_messages())


class TokenRequestSchema(OAuthFormSchema):
    # Any value is parsed so that an unknown grant answers unsupported_grant_type, not a schema error.
    grant_type = fields.String(required=True, validate=validate.Length(min=1, max=100))
    username = fields.String(validate=validate.Length(min=1, max=320))
    password = fields.String(load_only=True, validate=validate.Length(min=1, max=1000))
    organisation_id = fields.UUID()
    totp_code = fields.String(load_only=True, validate=validate.Length(min=1, max=64))
    refresh_token = fields.String(load_only=True, validate=validate.Length(min=1, max=200))
    client_id = fields.String(validate=validate.Length(min=1, max=200))
    client_secret = fields.String(load_only=True, validate=validate.Length(min=1, max=200))
    scope = fields.String(validate=[validate.Length(min=1, max=1000), SCOPE])

    @validates_schema
    def _fields_of_the_grant(self, data, **kwargs):
        missing = [name for name in GRANT_FIELDS.get(data.get("grant_type"), ()) if not data.get(name)]
        if missing:
            raise ValidationError({name: ["Required for this grant_type."] for name in missing})


class TokenResponseSchema(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    refresh_token = fields.String()
    scope = fields.String()
    organisation_id = fields.String()


class RevocationRequestSchema(OAuthFormSchema):
    token = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=8192))
    token_type_hint = fields.String(validate=validate.Length(min=1, max=100))


class MeSchema(Schema):
    user_id = fields.String()
    organisation_id = fields.String(allow_none=True)
    roles = fields.List(fields.String())
