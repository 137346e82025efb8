"""`/v1/notices/{id}/questions`: suppliers ask, the buyer answers, everyone reads the answers."""
from __future__ import annotations

import uuid
from datetime import datetime

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.errors import InvalidInput
from procure.web.auth import current_principal, optional_principal, organisation_id, public, require_role
from procure.web.http import decode_cursor, decode_position, encode_cursor, encode_position, idempotency_key
from procure.web.schemas import PageQuerySchema
from services.notices.api.questions.schemas import (AnswerBodySchema, NoticeQuestionPageSchema,
                                                    OwnQuestionsQuerySchema, QuestionBodySchema,
                                                    QuestionPageSchema, QuestionSchema)
from services.notices.domain.commands import AnswerQuestion, AskQuestion
from services.notices.service import questions

blp = Blueprint("notice-questions", __name__, url_prefix="/v1/notices",
                description="Clarification questions: asked by suppliers, answered by the buyer, public without "
                            "the asker's identity")
BUYER_ROLES = ("buyer-admin", "buyer-agent")
SUPPLIER_ROLES = ("supplier-admin", "supplier-agent")
BEARER = [{"bearer": []}]


def _wiring():
    return current_app.extensions["procure.notices"]


@blp.route("/<uuid:notice_id>/questions")
class NoticeQuestions(MethodView):
    @public
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, NoticeQuestionPageSchema)
    def get(self, query, notice_id):
        """List a notice's answered questions (public); its buyer's agents see every question, pending first."""
        principal = optional_principal()
        page = questions.notice_questions(
            notice_id, principal and principal.organisation,
            buyer_view=bool(principal and principal.has_role(*BUYER_ROLES)), limit=query["limit"],
            after=_notice_position(query["cursor"]) if query.get("cursor") else None, uow=_wiring().unit_of_work())
        last = page.items[-1] if page.more else None
        return {"items": page.items, "pending": page.pending, "questions_deadline": page.deadline,
                "next_cursor": last and encode_cursor(last.is_answered, last.asked_at.isoformat(), str(last.id))}

    @blp.arguments(QuestionBodySchema)
    @blp.response(201, QuestionSchema)
    @blp.doc(security=BEARER)
    def post(self, body, notice_id):
        """Ask the buyer a question before the questions deadline (suppliers; Idempotency-Key honoured)."""
        principal = current_principal()
        require_role(principal, *SUPPLIER_ROLES)
        command = AskQuestion(notice_id=notice_id, asker_organisation=organisation_id(principal),
                              asked_by=principal.subject, text=body["text"], idempotency_key=idempotency_key())
        question, asked = questions.ask_question(command, _wiring().unit_of_work(), _wiring().clock)
        return question, 201 if asked else 200, {"Location": f"/v1/notices/{notice_id}/questions"}


@blp.route("/<uuid:notice_id>/questions/<uuid:question_id>/answer")
class QuestionAnswer(MethodView):
    @blp.arguments(AnswerBodySchema)
    @blp.response(200, QuestionSchema)
    @blp.doc(security=BEARER)
    def post(self, body, notice_id, question_id):
        """Answer a question about one of the organisation's notices, once; the answer is public at once."""
        principal = current_principal()
        require_role(principal, *BUYER_ROLES)
        command = AnswerQuestion(notice_id=notice_id, question_id=question_id, organisation=principal.organisation,
                                 answered_by=principal.subject, text=body["text"])
        return questions.answer_question(command, _wiring().unit_of_work(), _wiring().clock)


@blp.route("/questions/mine")
class OwnQuestions(MethodView):
    @blp.arguments(OwnQuestionsQuerySchema, location="query")
    @blp.response(200, QuestionPageSchema)
    @blp.doc(security=BEARER)
    def get(self, query):
        """List the questions the caller's organisation asked, newest first, with their status and answers."""
        principal = current_principal()
        require_role(principal, *SUPPLIER_ROLES)
        page = questions.own_questions(
            organisation_id(principal), query.get("notice"), query["limit"],
            decode_position(query["cursor"]) if query.get("cursor") else None, _wiring().unit_of_work())
        last = page.items[-1] if page.more else None
        return {"items": page.items, "next_cursor": last and encode_position(last.asked_at, last.id)}


def _notice_position(cursor: str) -> tuple[bool, datetime, uuid.UUID]:
    answered, asked_at, identifier = decode_cursor(cursor, 3)
    try:
        if not isinstance(answered, bool):
            raise ValueError("not a flag")
        return answered, datetime.fromisoformat(asked_at), uuid.UUID(identifier)
    except (TypeError, ValueError) as error:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]}) from error
