"""Request and response shapes of clarification questions; no shape carries who asked."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from procure.web.schemas import PageQuerySchema
from services.notices.domain.questions import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH

TEXT = validate.Regexp(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\S[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
                       error="Must hold some text and no control characters other than line breaks and tabs.")


class QuestionBodySchema(Schema):
    text = fields.String(required=True, validate=[validate.Length(min=1, max=QUESTION_MAX_LENGTH), TEXT])


class AnswerBodySchema(Schema):
    text = fields.String(required=True, validate=[validate.Length(min=1, max=ANSWER_MAX_LENGTH), TEXT])


class QuestionSchema(Schema):
    id = fields.UUID()
    notice_id = fields.UUID()
    status = fields.Function(lambda question: question.status.value)
    text = fields.String()
    asked_at = fields.AwareDateTime()
    answer = fields.String(allow_none=True)
    answered_at = fields.AwareDateTime(allow_none=True)


class QuestionPageSchema(Schema):
    items = fields.List(fields.Nested(QuestionSchema))
    next_cursor = fields.String(allow_none=True)


class NoticeQuestionPageSchema(QuestionPageSchema):
    pending = fields.Integer(allow_none=True, metadata={
        "description": "how many questions wait for an answer (null for the buyer, who sees them in `items`)"})
    questions_deadline = fields.AwareDateTime(allow_none=True, metadata={
        "description": "questions are taken until then (the submission deadline when the notice sets none)"})


class OwnQuestionsQuerySchema(PageQuerySchema):
    notice = fields.UUID(metadata={"description": "only the questions about this notice"})
