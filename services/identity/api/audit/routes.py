"""`/v1/identity/audit`: The audit log of security events."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.errors import InvalidInput
from procure.web.auth import current_principal, require_role
from procure.web.http import decode_cursor, encode_cursor, keyset_page
from services.identity.api.audit.schemas import ChainVerdictSchema, SecurityEventPageSchema, SecurityEventQuerySchema
from services.identity.domain.audit import SecurityEventFilter
from services.identity.domain.roles import AUDITOR, PLATFORM_ADMIN
from services.identity.service import audit

blp = Blueprint("audit", __name__, url_prefix="/v1/identity/audit", description="The audit log of security events")
READERS = (PLATFORM_ADMIN, AUDITOR)
MAX_SEQ = 2**63 - 1


def _uow():
    return current_app.extensions["procure.identity"].unit_of_work()


@blp.route("/events")
class SecurityEvents(MethodView):
    @blp.arguments(SecurityEventQuerySchema, location="query")
    @blp.response(200, SecurityEventPageSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, query):
        """List security events, newest first (platform administrators and auditors)."""
        require_role(current_principal(), *READERS)
        command = SecurityEventFilter(
            action=query.get("action"), actor_id=query.get("actor"), organisation_id=query.get("organisation"),
            since=query.get("since"), until=query.get("until"), limit=query["limit"],
            before_seq=_seq(query["cursor"]) if query.get("cursor") else None)
        links = audit.list_security_events(command, _uow())
        return keyset_page(links, query["limit"], lambda link: encode_cursor(link.seq))


@blp.route("/verification")
class ChainVerification(MethodView):
    @blp.response(200, ChainVerdictSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """Walk the hash chain and name its first broken link (platform administrators and auditors)."""
        require_role(current_principal(), *READERS)
        verdict = audit.verify_audit_chain(_uow())
        if verdict.intact:
            return {"intact": True, "links": verdict.links}
        return verdict


def _seq(cursor: str) -> int:
    (seq,) = decode_cursor(cursor, 1)
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= MAX_SEQ:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]})
    return seq
