"""`/v1/notices`: draft, read, edit a draft, publish. Thin routes: schema in, command, handler, schema out."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.events.model import to_json_value
from procure.web.auth import current_principal, optional_principal, organisation_id, public, require_role
from procure.web.http import etag_for, idempotency_key, required_if_match_version
from services.notices.api.notices.schemas import MergePatchSchema, NoticeDraftSchema, NoticeSchema, parse_content
from services.notices.domain.commands import DraftNotice, EditDraft, PublishNotice
from services.notices.service import handlers

blp = Blueprint("notices", __name__, url_prefix="/v1/notices", description="Calls for tender and other notices")
BUYER_ROLES = ("buyer-admin", "buyer-agent")
BEARER = [{"bearer": []}]


def _wiring():
    return current_app.extensions["procure.notices"]


def _uow():
    return _wiring().unit_of_work()


def _clock():
    return _wiring().clock


def _rules():
    return _wiring().context.settings.publication_rules()


@blp.route("")
class Notices(MethodView):
    @blp.arguments(NoticeDraftSchema)
    @blp.response(201, NoticeSchema)
    @blp.doc(security=BEARER)
    def post(self, body):
        """Create a draft notice for the caller's organisation (Idempotency-Key honoured)."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        notice_type, related = body.pop("notice_type"), body.pop("related_notice_id")
        command = DraftNotice(buyer_id=organisation_id(principal), notice_type=notice_type,
                              content=to_json_value(body), created_by=principal.subject,
                              related_notice_id=related, idempotency_key=idempotency_key())
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

    @blp.arguments(MergePatchSchema)
    @blp.response(200, NoticeSchema)
    @blp.doc(security=BEARER)
    def patch(self, patch, notice_id):
        """Edit a draft with a JSON merge patch of its content (needs its ETag in If-Match)."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        command = EditDraft(notice_id=notice_id, organisation=principal.organisation, merge_patch=patch,
                            expected_version=required_if_match_version())
        notice = handlers.edit_draft(command, _uow(), _clock(), parse=parse_content)
        return notice, 200, _headers(notice)


@blp.route("/<uuid:notice_id>/publish")
class NoticePublication(MethodView):
    @blp.response(200, NoticeSchema)
    @blp.doc(security=BEARER)
    def post(self, notice_id):
        """Publish a draft notice once every rule of its procedure holds (needs its ETag in If-Match)."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        command = PublishNotice(notice_id=notice_id, organisation=principal.organisation,
                                expected_version=required_if_match_version())
        notice = handlers.publish_notice(command, _uow(), _clock(), _rules())
        return notice, 200, _headers(notice)


def _headers(notice) -> dict:
    return {"ETag": etag_for(notice.version), "Location": f"/v1/notices/{notice.id}"}
