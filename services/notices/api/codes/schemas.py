"""Shapes of the code list endpoints."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class CodeQuerySchema(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=100))
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class LabelledCodeSchema(Schema):
    code = fields.String()
    label = fields.String(allow_none=True, metadata={"description": "None when no loaded list names the code."})
    language = fields.String(allow_none=True, metadata={"description": "The label's language: the one asked "
                                                                        "for, or English when it has none."})


class CodeInTreeSchema(Schema):
    code = fields.Function(lambda found: found.code.code)
    label = fields.Function(lambda found: found.code.label, allow_none=True)
    language = fields.Function(lambda found: found.code.language, allow_none=True)
    level = fields.Integer(metadata={"description": "CPV: 0 for a division; NUTS: 0 for a country."})
    ancestors = fields.List(fields.Nested(LabelledCodeSchema), metadata={"description": "Broadest first."})
    children = fields.List(fields.Nested(LabelledCodeSchema))


class CodeMatchesSchema(Schema):
    items = fields.List(fields.Nested(LabelledCodeSchema))
