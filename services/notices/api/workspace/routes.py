"""`/v1/notices/workspace`: a buyer organisation's notices and pending questions, shared by its agents; clones."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import current_principal, organisation_id, require_role
from procure.web.http import decode_position, encode_position, etag_for, idempotency_key
from procure.web.schemas import PageQuerySchema
from services.notices.api.notices.schemas import NoticeSchema
from services.notices.api.questions.schemas import QuestionPageSchema
from services.notices.api.workspace.schemas import WorkspacePageSchema, WorkspaceQuerySchema
from services.notices.domain.commands import CloneNotice
from services.notices.service import questions, workspace

blp = Blueprint("notice-workspace", __name__, url_prefix="/v1/notices",
                description="A buyer organisation's own notices, drafts included, and the questions waiting "
                            "for its answer")
BUYER_ROLES = ("buyer-admin", "buyer-agent")
BEARER = [{"bearer": []}]


def _wiring():
    return current_app.extensions["procure.notices"]


def _after(query: dict):
    return decode_position(query["cursor"]) if query.get("cursor") else None


@blp.route("/workspace")
class Workspace(MethodView):
    @blp.arguments(WorkspaceQuerySchema, location="query")
    @blp.response(200, WorkspacePageSchema)
    @blp.doc(security=BEARER)
    def get(self, query):
        """List the organisation's notices, drafts included, most recently changed first."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        page = workspace.workspace_notices(organisation_id(principal), tuple(query.get("status", ())),
                                           query["limit"], _after(query), _wiring().unit_of_work())
        last = page.items[-1].notice if page.more else None
        return {"items": page.items, "next_cursor": last and encode_position(last.modified_at, last.id)}


@blp.route("/workspace/questions")
class WorkspaceQuestions(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, QuestionPageSchema)
    @blp.doc(security=BEARER)
    def get(self, query):
        """List the questions waiting for the organisation's answer across its notices, oldest first."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        page = questions.pending_questions(organisation_id(principal), query["limit"], _after(query),
                                           _wiring().unit_of_work())
        last = page.items[-1] if page.more else None
        return {"items": page.items, "next_cursor": last and encode_position(last.asked_at, last.id)}


@blp.route("/<uuid:notice_id>/clone")
class NoticeClone(MethodView):
    @blp.response(201, NoticeSchema)
    @blp.doc(security=BEARER)
    def post(self, notice_id):
        """Start a new draft from one of the organisation's notices: content copied, deadlines cleared."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        command = CloneNotice(notice_id=notice_id, organisation=principal.organisation,
                              created_by=principal.subject, idempotency_key=idempotency_key())
        clone, created = workspace.clone_notice(command, _wiring().unit_of_work(), _wiring().clock)
        return clone, 201 if created else 200, {"ETag": etag_for(clone.version),
                                                "Location": f"/v1/notices/{clone.id}"}
