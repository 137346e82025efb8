"""`/v1/documents`: declare uploads, complete them, version, list and download documents."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app, redirect
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.errors import InvalidInput
from procure.web.auth import current_principal, optional_principal, organisation_id, public
from procure.web.http import decode_cursor, encode_cursor
from services.documents.api.documents.schemas import (AnonymousDownloadBodySchema, CompleteBodySchema,
                                                      ContentQuerySchema, DeclaredSchema, DocumentPageSchema,
                                                      DocumentSchema, ListQuerySchema, UploadBodySchema,
                                                      VersionBodySchema)
from services.documents.domain.commands import (AllowAnonymousDownload, CompleteUpload, DeclareUpload,
                                                DeclareVersion, Download)
from services.documents.domain.document import Reader, Uploader
from services.documents.service import downloads, uploads

blp = Blueprint("documents", __name__, url_prefix="/v1/documents",
                description="Documents: presigned uploads checked on completion, versions, registered downloads")
BEARER = [{"bearer": []}]


def _wiring():
    return current_app.extensions["procure.documents"]


def _uploader() -> Uploader:
    principal = current_principal()
    return Uploader(principal.subject, organisation_id(principal), frozenset(principal.roles))


def _reader() -> Reader | None:
    principal = optional_principal()
    if principal is None:
        return None
    try:
        organisation = uuid.UUID(principal.organisation or "")
    except ValueError:
        organisation = None
    return Reader(principal.subject, organisation, frozenset(principal.roles))


@blp.route("")
class Documents(MethodView):
    @blp.arguments(UploadBodySchema)
    @blp.response(201, DeclaredSchema)
    @blp.doc(security=BEARER)
    def post(self, body):
        """Declare a document and get presigned URLs to upload its bytes to (then complete it)."""
        command = DeclareUpload(uploader=_uploader(), owner_type=body["owner"]["type"], owner_id=body["owner"]["id"],
                                kind=body["kind"], file_name=body["file_name"], content_type=body["content_type"],
                                size=body["size"], sha256=body["sha256"],
                                anonymous_download=body["anonymous_download"])
        wiring = _wiring()
        declared = uploads.declare_upload(command, wiring.unit_of_work(), wiring.objects, wiring.rules, wiring.clock)
        return _declared(declared), 201, {"Location": f"/v1/documents/{declared.document.id}"}

    @blp.arguments(ListQuerySchema, location="query")
    @blp.response(200, DocumentPageSchema)
    @blp.doc(security=BEARER)
    def get(self, query):
        """List an owner's documents the caller may read, the current versions or, with history, every one."""
        current_principal()
        page = downloads.documents_of_owner(
            query["owner_type"], query["owner_id"], _reader(), history=query["history"], limit=query["limit"],
            after=_position(query["cursor"]) if query.get("cursor") else None, uow=_wiring().unit_of_work())
        last = page.items[-1][1] if page.more else None
        return {"items": [_view(document, version) for document, version in page.items],
                "next_cursor": last and encode_cursor(last.completed_at.isoformat(), str(page.items[-1][0].id),
                                                      last.number)}


@blp.route("/<uuid:document_id>")
class OneDocument(MethodView):
    @blp.response(200, DocumentSchema)
    @blp.doc(security=BEARER)
    def get(self, document_id):
        """Read a document's metadata and its latest version."""
        current_principal()
        return _view(*downloads.document_with_version(document_id, _reader(), _wiring().unit_of_work()))

    @blp.arguments(AnonymousDownloadBodySchema)
    @blp.response(200, DocumentSchema)
    @blp.doc(security=BEARER)
    def patch(self, body, document_id):
        """Allow or forbid anonymous downloads of a tender document (its buyer's agents)."""
        command = AllowAnonymousDownload(document_id, _uploader(), body["anonymous_download"])
        return _view(*downloads.allow_anonymous_download(command, _wiring().unit_of_work()))


@blp.route("/<uuid:document_id>/complete")
class Completion(MethodView):
    @blp.arguments(CompleteBodySchema)
    @blp.response(200, DocumentSchema)
    @blp.doc(security=BEARER)
    def post(self, body, document_id):
        """Check the uploaded bytes (size, SHA-256, sniffed type) and make the version available."""
        command = CompleteUpload(document_id, _uploader(), tuple((p["number"], p["etag"]) for p in body["parts"]))
        wiring = _wiring()
        return _view(*uploads.complete_upload(command, wiring.unit_of_work(), wiring.objects, wiring.rules,
                                              wiring.clock))


@blp.route("/<uuid:document_id>/versions")
class Versions(MethodView):
    @blp.arguments(VersionBodySchema)
    @blp.response(201, DeclaredSchema)
    @blp.doc(security=BEARER)
    def post(self, body, document_id):
        """Declare a new version of a tender document; earlier versions are kept."""
        command = DeclareVersion(document_id=document_id, uploader=_uploader(), **body)
        wiring = _wiring()
        declared = uploads.declare_version(command, wiring.unit_of_work(), wiring.objects, wiring.rules,
                                           wiring.clock)
        return _declared(declared), 201


@blp.route("/<uuid:document_id>/content")
class Content(MethodView):
    @public
    @blp.arguments(ContentQuerySchema, location="query")
    @blp.response(302)
    def get(self, query, document_id):
        """Redirect to a short-lived download URL, registering who downloaded which version."""
        wiring = _wiring()
        url = downloads.download(Download(document_id, _reader(), query.get("version")), wiring.unit_of_work(),
                                 wiring.objects, timedelta(seconds=wiring.download_seconds), wiring.clock)
        return redirect(url, 302)


def _view(document, version) -> dict:
    return {"id": document.id, "kind": document.kind, "owner": {"type": document.owner_type,
                                                                 "id": str(document.owner_id)},
            "owner_organisation": document.owner_organisation, "anonymous_download": document.anonymous_download,
            "current_version": document.current_version, "version": version.number,
            "status": version.status.value, "file_name": version.file_name, "content_type": version.content_type,
            "size": version.size, "sha256": version.sha256, "completed_at": version.completed_at}


def _declared(declared) -> dict:
    version, target = declared.version, declared.target
    upload = {"method": "multipart" if target.upload_id else "PUT", "url": target.url,
              "upload_id": target.upload_id, "expires_at": version.expires_at,
              "part_size": _wiring().rules.part_bytes if target.upload_id else None,
              "parts": [{"number": n, "url": url} for n, url in enumerate(target.part_urls, start=1)],
              "complete_url": f"/v1/documents/{declared.document.id}/complete"}
    return {**_view(declared.document, version), "upload": upload}


def _position(cursor: str) -> tuple[datetime, uuid.UUID, int]:
    moment, identifier, number = decode_cursor(cursor, 3)
    try:
        return datetime.fromisoformat(moment), uuid.UUID(identifier), int(number)
    except (TypeError, ValueError) as error:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]}) from error
