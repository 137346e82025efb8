"""`/v1/notices`: thin routes, schema in, command, handler, schema out."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import current_principal, optional_principal, organisation_id, public, require_role
from procure.web.http import (decode_position, encode_position, etag_for, idempotency_key, keyset_page,
                              required_if_match_version)
from services.notices.api.notices.schemas import (NoticeDraftSchema, NoticeListQuerySchema,
                                                  NoticePageSchema, NoticeSchema)
from services.notices.domain.commands import DraftNotice, PublishNotice
from services.notices.service import handlers

blp = Blueprint("notices", __name__, url_prefix="/v1/notices", description="Calls for tender and other notices")
BUYER_ROLES = ("buyer-admin", "buyer-agent")


def _uow():
    return current_app.extensions["procure.notices"].unit_of_work()


def _clock():
    return current_app.extensions["procure.notices"].clock


@blp.route("")
class Notices(MethodView):
    @public
    @blp.arguments(NoticeListQuerySchema, location="query")
    @blp.response(200, NoticePageSchema)
    def get(self, query):
        """List published notices, newest first."""
        after = decode_position(query["cursor"]) if query.get("cursor") else None
        items = handlers.list_published(query["limit"] + 1, after, _uow())
        return keyset_page(items, query["limit"], lambda notice: encode_position(notice.published_at, notice.id))

    @blp.arguments(NoticeDraftSchema)
    @blp.response(201, NoticeSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, body):
        """Create a draft notice for the caller's organisation."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        command = DraftNotice(buyer_id=organisation_id(principal), created_by=principal.subject,
                              idempotency_key=idempotency_key(), **body)
        notice, created = handlers.draft_notice(command, _uow(), _clock())
        return notice, 201 if created else 200, _headers(notice)


@blp.route("/<uuid:notice_id>")
class NoticeById(MethodView):
    @public
    @blp.response(200, NoticeSchema)
    def get(self, notice_id):
        """Read one notice: published ones are public, drafts only for their buyer."""
        principal = optional_principal()
        notice = handlers.read_notice(notice_id, principal and principal.organisation, _uow())
        return notice, 200, _headers(notice)


@blp.route("/<uuid:notice_id>/publish")
class NoticePublication(MethodView):
    @blp.response(200, NoticeSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, notice_id):
        """Publish a draft notice (needs its ETag in If-Match)."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        command = PublishNotice(notice_id=notice_id, organisation=principal.organisation,
                                expected_version=required_if_match_version())
        notice = handlers.publish_notice(command, _uow(), _clock())
        return notice, 200, _headers(notice)


def _headers(notice) -> dict:
    return {"ETag": etag_for(notice.version), "Location": f"/v1/notices/{notice.id}"}
