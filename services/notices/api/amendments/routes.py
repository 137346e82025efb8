"""`/v1/notices/{id}/amendments` and `/revisions`: every change to a published notice, and its history."""
from __future__ import annotations

import dataclasses

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.errors import InvalidInput
from procure.web.auth import current_principal, optional_principal, public, require_role
from procure.web.http import decode_cursor, encode_cursor, etag_for, keyset_page, required_if_match_version
from services.notices.api.amendments.schemas import (AmendedNoticeSchema, AmendmentSchema, RevisionPageSchema,
                                                     RevisionQuerySchema)
from services.notices.api.notices.schemas import parse_content
from services.notices.domain.commands import AmendNotice
from services.notices.service import amendments

blp = Blueprint("notice_amendments", __name__, url_prefix="/v1/notices",
                description="Amendments of published notices and their revisions")
BUYER_ROLES = ("buyer-admin", "buyer-agent")
BEARER = [{"bearer": []}]


def _wiring():
    return current_app.extensions["procure.notices"]


@blp.route("/<uuid:notice_id>/amendments")
class NoticeAmendments(MethodView):
    @blp.arguments(AmendmentSchema)
    @blp.response(201, AmendedNoticeSchema)
    @blp.doc(security=BEARER)
    def post(self, body, notice_id):
        """Amend a published notice with a merge patch of its content and a reason (needs its ETag in If-Match)."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        command = AmendNotice(notice_id=notice_id, organisation=principal.organisation, author=principal.subject,
                              reason=body["reason"], merge_patch=body["changes"],
                              expected_version=required_if_match_version())
        wiring, settings = _wiring(), _wiring().context.settings
        notice, revision = amendments.amend_notice(command, wiring.unit_of_work(), wiring.clock,
                                                   settings.publication_rules(), settings.amendment_policy(),
                                                   parse=parse_content)
        return {"notice": notice, "revision": revision}, 201, {"ETag": etag_for(notice.version)}


@blp.route("/<uuid:notice_id>/revisions")
class NoticeRevisions(MethodView):
    @public
    @blp.arguments(RevisionQuerySchema, location="query")
    @blp.response(200, RevisionPageSchema)
    def get(self, query, notice_id):
        """List a notice's revisions, oldest first: public for published notices."""
        principal = optional_principal()
        revisions, buyer = amendments.list_revisions(
            notice_id, principal and principal.organisation, _wiring().unit_of_work(), limit=query["limit"],
            after_number=_after_number(query["cursor"]))
        shown = [revision if buyer else dataclasses.replace(revision, author=None) for revision in revisions]
        return keyset_page(shown, query["limit"], lambda revision: encode_cursor(revision.number))


def _after_number(cursor: str | None) -> int:
    if cursor is None:
        return 0
    [number] = decode_cursor(cursor, 1)
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < 2**31:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]})
    return number
