"""`/v1/identity/directory`: the public directory of suppliers who opted in (no token needed)."""
from __future__ import annotations

import uuid

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.errors import InvalidInput
from procure.web.auth import public
from procure.web.http import decode_cursor, encode_cursor, keyset_page
from services.identity.api.directory.schemas import DirectoryPageSchema, DirectoryQuerySchema
from services.identity.domain.directory import DirectoryQuery
from services.identity.service import directory

blp = Blueprint("directory", __name__, url_prefix="/v1/identity/directory",
                description="The public directory of suppliers")


@blp.route("/suppliers")
class Suppliers(MethodView):
    @public
    @blp.arguments(DirectoryQuerySchema, location="query")
    @blp.response(200, DirectoryPageSchema)
    def get(self, query):
        """Search opted-in suppliers by CPV prefix, NUTS prefix, size and name, by name."""
        search = DirectoryQuery.build(cpv_code=query.get("cpv"), nuts=query.get("nuts"), size=query.get("size"),
                                      name=query.get("name"), after=_position(query.get("cursor")))
        wiring = current_app.extensions["procure.identity"]
        items = directory.search(search, query["limit"] + 1, wiring.unit_of_work())
        return keyset_page(items, query["limit"], lambda supplier: encode_cursor(supplier.name, str(supplier.id)))


def _position(cursor: str | None):
    if not cursor:
        return None
    name, identifier = decode_cursor(cursor, 2)
    try:
        return str(name), uuid.UUID(identifier)
    except (TypeError, ValueError, AttributeError):
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]}) from None
