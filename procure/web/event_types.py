"""`GET /v1/<service>/event-types`: the service's published events, for integrators (no token)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from procure.events.catalogue import catalogue
from procure.web.auth import public


class EventTypeSchema(Schema):
    type = fields.String()
    routing_key = fields.String()
    description = fields.String(allow_none=True)
    data_schema = fields.Dict(metadata={"description": "JSON Schema (2020-12) of the CloudEvent's `data`"})


class EventCatalogueSchema(Schema):
    service = fields.String()
    exchange = fields.String(metadata={"description": "the durable topic exchange to bind a queue to"})
    envelope = fields.Dict()
    types = fields.List(fields.Nested(EventTypeSchema))


def event_types_blueprint(service: str) -> Blueprint:
    blp = Blueprint(f"{service}_event_types", __name__, url_prefix=f"/v1/{service}/event-types",
                    description="The events this service publishes")

    @blp.route("")
    class EventTypes(MethodView):
        @public
        @blp.response(200, EventCatalogueSchema)
        def get(self):
            """Every event type this service publishes, with the schema of its data."""
            return catalogue(service)

    return blp
