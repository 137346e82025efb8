"""`/v1/notices/feed`: every change of every published notice, for systems that mirror them."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import public
from services.notices.api.feed.schemas import FeedPageSchema, FeedQuerySchema, feed_position
from services.notices.service import feed

blp = Blueprint(
    "notice-feed", __name__, url_prefix="/v1/notices/feed",
    description="Every change of every notice that is not a draft (publication, amendment, status change, "
                "cancellation), each exactly once, in a stable order. Follow `next_cursor` for ever: a change "
                "appears once every transaction that began writing before it has ended, so a change committed "
                "late is never skipped. The order is that of the writing transactions, not of `modified_at`; "
                "apply an item only if its `version` is newer than the one you hold.")


def _uow():
    return current_app.extensions["procure.notices"].unit_of_work()


@blp.route("")
class NoticeFeed(MethodView):
    @public
    @blp.arguments(FeedQuerySchema, location="query")
    @blp.response(200, FeedPageSchema)
    def get(self, query):
        """Read the changes after a cursor (public: published notices are public)."""
        return feed.read_changes(feed_position(query.get("cursor")), query["limit"], _uow())
