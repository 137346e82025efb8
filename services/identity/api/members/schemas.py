"""Shapes of members, their roles and invitations."""
from marshmallow import Schema, fields, validate

from procure.web.schemas import PageQuerySchema
from services.identity.domain.roles import ALL_ROLES

ROLES = fields.List(fields.String(validate=validate.OneOf(sorted(ALL_ROLES))), required=True,
                    validate=validate.Length(min=1, max=len(ALL_ROLES)))


class MemberSchema(Schema):
    user_id = fields.UUID()
    email = fields.String()
    name = fields.String()
    roles = fields.List(fields.String())
    email_verified = fields.Boolean()
    second_factor = fields.Boolean()


class MemberPageSchema(Schema):
    items = fields.List(fields.Nested(MemberSchema))
    next_cursor = fields.String(allow_none=True)


class RolesSchema(Schema):
    roles = ROLES


class MembershipSchema(Schema):
    user_id = fields.UUID()
    organisation_id = fields.UUID()
    roles = fields.List(fields.String())


class InvitationRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=320))
    roles = ROLES


class InvitationSchema(Schema):
    id = fields.UUID()
    organisation_id = fields.UUID()
    email = fields.String()
    roles = fields.List(fields.String())
    invited_by = fields.UUID()
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()


class InvitationPageSchema(Schema):
    items = fields.List(fields.Nested(InvitationSchema))
    next_cursor = fields.String(allow_none=True)


class ListQuerySchema(PageQuerySchema):
    pass
