"""Shapes of one's own account: links, password reset, second factor, invitations."""
from marshmallow import Schema, fields, validate

TOKEN = validate.Length(min=16, max=200)
CODE = validate.Regexp(r"^\d{6}$", error="Six digits.")


class TokenSchema(Schema):
    token = fields.String(required=True, load_only=True, validate=TOKEN)


class EmailVerifiedSchema(Schema):
    user_id = fields.UUID()
    email_verified_at = fields.AwareDateTime()


class PasswordResetRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=320))


class PasswordResetSchema(TokenSchema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1000))


class CodeSchema(Schema):
    code = fields.String(required=True, load_only=True, validate=CODE)


class EnrolmentSchema(Schema):
    secret = fields.String()
    otpauth_uri = fields.String()


class SecondFactorSchema(Schema):
    enabled_at = fields.AwareDateTime(attribute="totp_enabled_at")


class MailLinkSchema(Schema):
    delivery_id = fields.UUID()
    purpose = fields.String()
    email = fields.String()
    url = fields.String()
    expires_at = fields.AwareDateTime()


class InvitationAcceptanceSchema(TokenSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    password = fields.String(load_only=True, validate=validate.Length(max=1000))


class JoinedSchema(Schema):
    user_id = fields.UUID()
    organisation_id = fields.UUID()
    roles = fields.List(fields.String())
