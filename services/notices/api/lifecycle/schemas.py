"""Request shape of a cancellation."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class CancellationSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                           metadata={"description": "why the procedure is cancelled; published with the notice"})
