"""Request and response shapes of documents, their uploads and versions."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from procure.web.schemas import PageQuerySchema
from services.documents.domain.document import FILE_NAME_MAX_LENGTH, OWNER_OF_KIND

OWNER_TYPES = sorted(set(OWNER_OF_KIND.values()))
CONTENT_TYPE = validate.Regexp(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$",
                               error="Must be a media type such as application/pdf, without parameters.")


class OwnerSchema(Schema):
    type = fields.String(required=True, validate=validate.OneOf(OWNER_TYPES))
    id = fields.UUID(required=True)


class VersionBodySchema(Schema):
    file_name = fields.String(required=True, validate=validate.Length(min=1, max=4 * FILE_NAME_MAX_LENGTH))
    content_type = fields.String(required=True, validate=[validate.Length(max=255), CONTENT_TYPE])
    size = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5 * 1024 ** 4))
    sha256 = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-fA-F]{64}$",
                                                                   error="Must be 64 hexadecimal digits."))


class UploadBodySchema(VersionBodySchema):
    owner = fields.Nested(OwnerSchema, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(sorted(OWNER_OF_KIND)))
    anonymous_download = fields.Boolean(load_default=False, metadata={
        "description": "tender documents only: anyone may download it without a token"})


class PartSchema(Schema):
    number = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10000))
    etag = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CompleteBodySchema(Schema):
    parts = fields.List(fields.Nested(PartSchema), load_default=list, validate=validate.Length(max=10000),
                        metadata={"description": "multipart uploads: every part with the ETag its PUT answered"})


class AnonymousDownloadBodySchema(Schema):
    anonymous_download = fields.Boolean(required=True)


class ListQuerySchema(PageQuerySchema):
    owner_type = fields.String(required=True, validate=validate.OneOf(OWNER_TYPES))
    owner_id = fields.UUID(required=True)
    history = fields.Boolean(load_default=False, metadata={"description": "every available version, not only "
                                                                          "the current one of each document"})


class ContentQuerySchema(Schema):
    version = fields.Integer(validate=validate.Range(min=1, max=1_000_000))


class PartUrlSchema(Schema):
    number = fields.Integer()
    url = fields.String()


class UploadSchema(Schema):
    method = fields.String(metadata={"description": "PUT, or multipart: PUT each part then complete"})
    url = fields.String(allow_none=True)
    upload_id = fields.String(allow_none=True)
    part_size = fields.Integer(allow_none=True)
    parts = fields.List(fields.Nested(PartUrlSchema))
    expires_at = fields.AwareDateTime()
    complete_url = fields.String()


class DocumentSchema(Schema):
    id = fields.UUID()
    kind = fields.String()
    owner = fields.Dict()
    owner_organisation = fields.UUID()
    anonymous_download = fields.Boolean()
    current_version = fields.Integer(allow_none=True)
    version = fields.Integer()
    status = fields.String()
    file_name = fields.String()
    content_type = fields.String(allow_none=True)
    size = fields.Integer()
    sha256 = fields.String()
    completed_at = fields.AwareDateTime(allow_none=True)


class DeclaredSchema(DocumentSchema):
    upload = fields.Nested(UploadSchema)


class DocumentPageSchema(Schema):
    items = fields.List(fields.Nested(DocumentSchema))
    next_cursor = fields.String(allow_none=True)
