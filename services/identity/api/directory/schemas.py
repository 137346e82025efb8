"""Shapes of a directory search and of a listed supplier."""
from marshmallow import Schema, fields, validate


MAX_LIMIT = 100


class DirectoryQuerySchema(Schema):
    cpv = fields.String(validate=validate.Regexp(r"^\d{2,8}(-\d)?$", error="A CPV code or its first 2 to 8 digits."))
    nuts = fields.String(validate=validate.Regexp(r"^[A-Za-z]{2}[A-Za-z0-9]{0,3}$", error="A NUTS code or prefix."))
    size = fields.String(validate=validate.OneOf(["micro", "small", "medium", "large", "sme"]))
    name = fields.String(validate=validate.Length(min=1, max=200))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_LIMIT))
    cursor = fields.String(validate=validate.Length(max=700))


class ListedSupplierSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    country = fields.String()
    nuts = fields.String(allow_none=True)
    size = fields.String(allow_none=True)
    cpv_codes = fields.List(fields.String())
    description = fields.Dict(keys=fields.String(), values=fields.String())
    website = fields.String(allow_none=True)


class DirectoryPageSchema(Schema):
    items = fields.List(fields.Nested(ListedSupplierSchema))
    next_cursor = fields.String(allow_none=True)


