"""`/v1/notices/{id}/cancellation`: the buyer cancels a procedure before its award."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import current_principal, require_role
from procure.web.http import etag_for, required_if_match_version
from services.notices.api.lifecycle.schemas import CancellationSchema
from services.notices.api.notices.schemas import NoticeSchema
from services.notices.domain.commands import CancelNotice
from services.notices.service import lifecycle

blp = Blueprint("notice_lifecycle", __name__, url_prefix="/v1/notices", description="Cancelling a notice")
BEARER = [{"bearer": []}]


@blp.route("/<uuid:notice_id>/cancellation")
class NoticeCancellation(MethodView):
    @blp.arguments(CancellationSchema)
    @blp.response(200, NoticeSchema)
    @blp.doc(security=BEARER)
    def post(self, body, notice_id):
        """Cancel a notice before its award, stating the reason (buyer administrator; needs its ETag in If-Match)."""
        principal = current_principal()
        require_role(principal, "buyer-admin")
        command = CancelNotice(notice_id=notice_id, organisation=principal.organisation, reason=body["reason"],
                               expected_version=required_if_match_version())
        wiring = current_app.extensions["procure.notices"]
        notice = lifecycle.cancel_notice(command, wiring.unit_of_work(), wiring.clock)
        return notice, 200, {"ETag": etag_for(notice.version)}
