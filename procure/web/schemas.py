"""Request shapes shared by every API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class PageQuerySchema(Schema):
    """Keyset pagination: `limit` items after the opaque `cursor` of the previous page."""

    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(max=500))
