"""Shapes of a buyer organisation's workspace."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from procure.web.schemas import PageQuerySchema
from services.notices.domain.notice import NoticeStatus


class WorkspaceQuerySchema(PageQuerySchema):
    status = fields.List(fields.String(validate=validate.OneOf([status.value for status in NoticeStatus])),
                         validate=validate.Length(max=10), metadata={"description": "any of these statuses"})


class WorkspaceNoticeSchema(Schema):
    id = fields.UUID(attribute="notice.id")
    notice_type = fields.Function(lambda item: item.notice.notice_type.value)
    status = fields.Function(lambda item: item.notice.status.value)
    version = fields.Integer(attribute="notice.version")
    title = fields.Dict(attribute="notice.content.title")
    procedure = fields.String(attribute="notice.content.procedure")
    created_by = fields.String(attribute="notice.created_by")
    modified_at = fields.AwareDateTime(attribute="notice.modified_at")
    published_at = fields.AwareDateTime(attribute="notice.published_at", allow_none=True)
    submission_deadline = fields.AwareDateTime(attribute="notice.content.deadlines.submission", allow_none=True)
    pending_questions = fields.Integer(metadata={"description": "questions waiting for an answer"})


class WorkspacePageSchema(Schema):
    items = fields.List(fields.Nested(WorkspaceNoticeSchema))
    next_cursor = fields.String(allow_none=True)
