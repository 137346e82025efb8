"""Shapes of the API clients API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from procure.web.schemas import PageQuerySchema
from services.identity.domain.api_clients import SCOPES


class ApiClientCreationSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    scopes = fields.List(fields.String(validate=validate.OneOf(sorted(SCOPES))), required=True,
                         validate=validate.Length(min=1, max=len(SCOPES)))


class ApiClientSchema(Schema):
    id = fields.UUID()
    client_id = fields.Function(lambda client: str(client.id))
    organisation_id = fields.UUID()
    name = fields.String()
    scopes = fields.List(fields.String())
    status = fields.Function(lambda client: "active" if client.active else "revoked")
    created_at = fields.AwareDateTime()
    created_by = fields.String()
    secret_rotated_at = fields.AwareDateTime(allow_none=True)
    revoked_at = fields.AwareDateTime(allow_none=True)


class ApiClientWithSecretSchema(ApiClientSchema):
    """Only the creation and rotation answers carry the secret, and only once."""
    client_secret = fields.String()


class ApiClientPageSchema(Schema):
    items = fields.List(fields.Nested(ApiClientSchema))
    next_cursor = fields.String(allow_none=True)


class ApiClientListQuerySchema(PageQuerySchema):
    pass
