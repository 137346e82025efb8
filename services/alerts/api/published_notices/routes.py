"""`/v1/alerts/published-notices`: the notices alerts has heard of, newest first."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import current_principal
from procure.web.http import decode_position, encode_position, keyset_page
from procure.web.schemas import PageQuerySchema
from services.alerts.api.published_notices.schemas import PublishedNoticePageSchema
from services.alerts.service import handlers

blp = Blueprint("published_notices", __name__, url_prefix="/v1/alerts/published-notices",
                description="Published notices, as received by the alerts service")


@blp.route("")
class PublishedNotices(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, PublishedNoticePageSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, query):
        """List the published notices alerts has received, newest first."""
        current_principal()
        after = decode_position(query["cursor"]) if query.get("cursor") else None
        uow = current_app.extensions["procure.alerts"].unit_of_work()
        items = handlers.list_published_notices(query["limit"] + 1, after, uow)
        return keyset_page(items, query["limit"], lambda item: encode_position(item.published_at, item.notice_id))
