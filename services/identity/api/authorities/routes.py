"""`/v1/identity/authorities` and `/v1/identity/trusted-lists`: accepted certification authorities and trusted lists.

Platform administrators change them; platform administrators and auditors read them.
"""
from __future__ import annotations

import base64
import binascii
from datetime import datetime

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError

from procure.errors import InvalidInput
from procure.web.app import accepts_any_body
from procure.web.auth import current_principal, require_role
from procure.web.http import decode_cursor, encode_cursor, keyset_page
from procure.web.schemas import PageQuerySchema
from services.identity.adapters.signatures.certificates import decode_upload
from services.identity.api.authorities import schemas as s
from services.identity.domain.commands import (AddAuthority, ChangeAuthority, ImportTrustedList,
                                               RegisterTrustedListSource, UploadRevocationList)
from services.identity.domain.roles import AUDITOR, PLATFORM_ADMIN
from services.identity.service import trust

blp = Blueprint("authorities", __name__, url_prefix="/v1/identity",
                description="Accepted certification authorities and trusted lists")
XML_TYPES = ("application/xml", "text/xml", "application/vnd.etsi.tsl+xml")
FINGERPRINT = "<string(length=64):fingerprint>"
TERRITORY = "<string(length=2):territory>"


@blp.before_request
def _room_for_trusted_lists():
    # A national list runs to several megabytes, more than the default body cap; base64 adds a third.
    request.max_content_length = max(_wiring().settings.trusted_list_max_bytes * 4 // 3 + 65536,
                                     _wiring().settings.max_body_bytes)


def _wiring():
    return current_app.extensions["procure.identity"]


def _uow():
    return _wiring().unit_of_work()


def _admin() -> str:
    principal = current_principal()
    require_role(principal, PLATFORM_ADMIN)
    return principal.subject


def _reader() -> None:
    require_role(current_principal(), PLATFORM_ADMIN, AUDITOR)


@blp.route("/authorities")
class Authorities(MethodView):
    @blp.arguments(s.AuthorityQuerySchema, location="query")
    @blp.response(200, s.AuthorityPageSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, query):
        """List accepted certification authorities, newest first (platform admin, auditor)."""
        _reader()
        after = None
        if query.get("cursor"):
            moment, fingerprint = decode_cursor(query["cursor"], 2)
            after = (_moment(moment), str(fingerprint))
        items = trust.list_authorities(query["limit"] + 1, after, query.get("enabled"), _uow())
        return keyset_page(items, query["limit"], lambda a: encode_cursor(a.created_at.isoformat(), a.fingerprint))

    @blp.arguments(s.AuthorityInSchema)
    @blp.response(201, s.AuthoritySchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, body):
        """Accept a certification authority's certificate, PEM or base64 DER (platform admin)."""
        command = AddAuthority(certificate=decode_upload(body["certificate"]), country=body["country"],
                               label=body["label"], actor_id=_admin())
        authority = trust.add_authority(command, _uow())
        return authority, 201, {"Location": f"/v1/identity/authorities/{authority.fingerprint}"}


@blp.route(f"/authorities/{FINGERPRINT}")
class AuthorityByFingerprint(MethodView):
    @blp.response(200, s.AuthoritySchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, fingerprint):
        """Read one accepted certification authority by its SHA-256 fingerprint."""
        _reader()
        return trust.read_authority(fingerprint.lower(), _uow())

    @blp.arguments(s.AuthorityChangeSchema)
    @blp.response(200, s.AuthoritySchema)
    @blp.doc(security=[{"bearer": []}])
    def patch(self, body, fingerprint):
        """Disable or re-enable an accepted certification authority (platform admin)."""
        command = ChangeAuthority(fingerprint=fingerprint.lower(), enabled=body["enabled"], actor_id=_admin())
        return trust.change_authority(command, _uow())


@blp.route(f"/authorities/{FINGERPRINT}/crls")
class AuthorityRevocationLists(MethodView):
    @blp.response(200, s.RevocationListsSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, fingerprint):
        """List the CRLs uploaded for an authority, newest first."""
        _reader()
        return {"items": trust.revocation_lists(fingerprint.lower(), _uow())}

    @blp.arguments(s.RevocationListInSchema)
    @blp.response(201, s.RevocationListSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, body, fingerprint):
        """Upload a CRL issued by this authority, PEM or base64 DER (platform admin)."""
        command = UploadRevocationList(fingerprint=fingerprint.lower(), crl=decode_upload(body["crl"]), actor_id=_admin())
        return trust.upload_revocation_list(command, _uow()), 201


@blp.route("/trusted-lists")
class TrustedListSources(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, s.SourcePageSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, query):
        """List the territories whose trusted lists may be imported."""
        _reader()
        after = decode_cursor(query["cursor"], 1)[0] if query.get("cursor") else None
        items = trust.list_sources(query["limit"] + 1, str(after) if after else None, _uow())
        return keyset_page(items, query["limit"], lambda source: encode_cursor(source.territory))

    @blp.arguments(s.SourceInSchema)
    @blp.response(201, s.SourceSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, body):
        """Register a territory's trusted list with the certificates that sign it (platform admin)."""
        command = RegisterTrustedListSource(
            territory=body["territory"], label=body["label"], actor_id=_admin(),
            signing_certificates=tuple(decode_upload(value) for value in body["signing_certificates"]))
        return trust.register_source(command, _uow()), 201


@blp.route(f"/trusted-lists/{TERRITORY}")
class TrustedListSource(MethodView):
    @blp.response(200, s.SourceSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self, territory):
        """Read a territory's source and its latest imported list with each service's status and history."""
        _reader()
        source, latest = trust.read_source(territory.upper(), _uow())
        return {**source.__dict__, "latest_import": latest}


@blp.route(f"/trusted-lists/{TERRITORY}/imports")
class TrustedListImports(MethodView):
    @accepts_any_body
    @blp.response(201, s.ImportedSchema)
    @blp.doc(security=[{"bearer": []}], requestBody={"content": {
        "application/xml": {"schema": {"type": "string"}},
        "application/json": {"schema": s.ImportInSchema}}})
    def post(self, territory):
        """Import a signed ETSI TS 119 612 list for the territory (XML body, or JSON with base64)."""
        actor = _admin()
        command = ImportTrustedList(territory=territory.upper(), xml=_list_xml(), actor_id=actor)
        return trust.import_trusted_list(command, _uow()), 201


def _list_xml() -> bytes:
    if request.mimetype in XML_TYPES:
        return request.get_data()
    try:
        body = s.ImportInSchema().load(request.get_json(silent=True) or {})
    except ValidationError as error:
        raise InvalidInput("Send the list as XML, or as JSON with its base64.", errors=error.messages) from None
    try:
        return base64.b64decode(body["xml"], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("xml is not valid base64.", errors={"xml": ["Not valid base64."]}) from None


def _moment(value) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("The cursor is not one this API gave out.", errors={"cursor": ["Invalid."]}) from None
