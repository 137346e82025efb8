"""`GET /v1/notices`: the public search over published notices, no token needed."""
from __future__ import annotations

import uuid
from datetime import datetime

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.codelists import cpv
from procure.errors import InvalidInput
from procure.web.auth import public
from procure.web.http import decode_cursor, encode_cursor
from services.notices.api.search.schemas import NoticeSearchPageSchema, NoticeSearchQuerySchema
from services.notices.domain.search import PUBLIC_STATUSES, NoticeSearch, SearchOrder
from services.notices.service.search import search_notices

blp = Blueprint("notice-search", __name__, url_prefix="/v1/notices", description="Public search of notices")


@blp.route("")
class NoticeSearchResource(MethodView):
    @public
    @blp.arguments(NoticeSearchQuerySchema, location="query")
    @blp.response(200, NoticeSearchPageSchema)
    def get(self, query):
        """Search public notices: words in any of their languages, filters, facet counts."""
        language = _asked_language()
        search = _search(query, language)
        page = search_notices(search, current_app.extensions["procure.notices"].unit_of_work(), language=language)
        cursor = _encode(search.order, page.next_position) if page.next_position else None
        return {"items": page.items, "next_cursor": cursor, "facets": page.facets}


def _asked_language() -> str:
    """The first two-letter language of Accept-Language, else English (for labels)."""
    for value, _ in request.accept_languages:
        if len(value) >= 2 and value[:2].isalpha() and value[:2].isascii():
            return value[:2].lower()
    return "en"


def _search(query: dict, language: str) -> NoticeSearch:
    words = query.get("q")
    order = SearchOrder(query.get("sort") or (SearchOrder.RELEVANCE if words else SearchOrder.PUBLISHED))
    words_language = query.get("lang") or (language if request.accept_languages else "simple")
    return NoticeSearch(
        words=words, words_language=words_language,
        cpv_prefixes=tuple(sorted({cpv.significant_digits(code) for code in query.get("cpv", ())})),
        nuts_prefixes=tuple(sorted(set(query.get("nuts", ())))), buyer_id=query.get("buyer"),
        procedures=tuple(query.get("procedure", ())), natures=tuple(query.get("nature", ())),
        statuses=tuple(query.get("status") or PUBLIC_STATUSES),
        **{name: query.get(name) for name in (
            "deadline_from", "deadline_to", "published_from", "published_to", "value_min", "value_max",
            "currency", "green", "social", "innovation", "above_threshold", "language")},
        order=order, limit=query["limit"],
        after=_decode(order, query["cursor"]) if query.get("cursor") else None)


def _encode(order: SearchOrder, position: tuple) -> str:
    key, identifier = position
    return encode_cursor(order.value, key.isoformat() if isinstance(key, datetime) else key, str(identifier))


def _decode(order: SearchOrder, cursor: str) -> tuple:
    sort, key, identifier = decode_cursor(cursor, 3)
    try:
        if sort != order.value:
            raise ValueError("another order")
        if order is SearchOrder.RELEVANCE:
            key = float(key)
        elif key is not None or order is SearchOrder.PUBLISHED:
            key = datetime.fromisoformat(key)
            if key.tzinfo is None:
                raise ValueError("no time zone")
        return key, uuid.UUID(identifier)
    except (TypeError, ValueError, OverflowError) as error:
        raise InvalidInput("The cursor is not one this search gave out.", errors={"cursor": ["Invalid."]}) from error
