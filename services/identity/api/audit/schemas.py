"""Shapes of the audit log API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from procure.web.schemas import PageQuerySchema


class SecurityEventQuerySchema(PageQuerySchema):
    action = fields.String(validate=validate.Length(min=1, max=100))
    actor = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "the actor's id"})
    organisation = fields.String(validate=validate.Length(min=1, max=200),
                                 metadata={"description": "the organisation's id"})
    since = fields.AwareDateTime(metadata={"description": "events at or after this time"})
    until = fields.AwareDateTime(metadata={"description": "events before this time"})


class SecurityEventSchema(Schema):
    seq = fields.Integer(attribute="seq")
    occurred_at = fields.AwareDateTime(attribute="event.occurred_at")
    action = fields.String(attribute="event.action")
    actor_id = fields.String(attribute="event.actor_id", allow_none=True)
    organisation_id = fields.String(attribute="event.organisation_id", allow_none=True)
    subject = fields.String(attribute="event.subject", allow_none=True)
    details = fields.Dict(attribute="event.details")
    previous_hash = fields.String()
    hash = fields.String()


class SecurityEventPageSchema(Schema):
    items = fields.List(fields.Nested(SecurityEventSchema))
    next_cursor = fields.String(allow_none=True)


class ChainVerdictSchema(Schema):
    intact = fields.Boolean()
    links = fields.Integer(metadata={"description": "links checked and found sound, from the first"})
    first_broken_link = fields.Integer(metadata={"description": "seq of the first link that does not hold"})
    reason = fields.String()
