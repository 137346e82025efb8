"""`/v1/identity/signatures`: validating electronic signatures (any authenticated caller)."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError

from procure.errors import InvalidInput
from procure.web.app import accepts_any_body
from procure.web.auth import current_principal
from services.identity.api.signatures.schemas import ValidationReportSchema, ValidationRequestSchema
from services.identity.domain.commands import ValidateSignature
from services.identity.service.signatures import validate_signature

blp = Blueprint("signatures", __name__, url_prefix="/v1/identity/signatures",
                description="Validating electronic signatures")
FILE_FIELDS = ("document", "signature", "signed_file")


@blp.before_request
def _room_for_documents():
    # Signed documents are larger than API bodies; base64 in JSON adds a third.
    request.max_content_length = _settings().signature_max_bytes * 4 // 3 + 65536
    request.max_form_memory_size = 65536


def _settings():
    return current_app.extensions["procure.identity"].settings


@blp.route("/validate")
class SignatureValidation(MethodView):
    @accepts_any_body
    @blp.response(200, ValidationReportSchema)
    @blp.doc(security=[{"bearer": []}], requestBody={"content": {
        "application/json": {"schema": ValidationRequestSchema},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "document": {"type": "string", "format": "binary"},
            "signature": {"type": "string", "format": "binary"},
            "signed_file": {"type": "string", "format": "binary"},
            "signed_file_sha256": {"type": "string"}, "format": {"type": "string"}}}}}})
    def post(self):
        """Validate a PAdES PDF, a detached CAdES signature or a XAdES document (EN 319 102-1 report)."""
        principal = current_principal()
        body = _request_body()
        _check_sizes(body)
        command = ValidateSignature(
            document=body.get("document"), signature=body.get("signature"), signed_file=body.get("signed_file"),
            signed_file_sha256=bytes.fromhex(body["signed_file_sha256"]) if body.get("signed_file_sha256") else None,
            format=body.get("format"), actor_id=principal.subject, organisation_id=principal.organisation)
        report, authority = validate_signature(command, current_app.extensions["procure.identity"].unit_of_work())
        return {**report.__dict__, "accepted_authority": authority}


def _request_body() -> dict:
    try:
        if request.mimetype == "multipart/form-data":
            fields = {name: request.form[name] for name in ("signed_file_sha256", "format") if name in request.form}
            files = {name: request.files[name].read() for name in FILE_FIELDS if name in request.files}
            return {**ValidationRequestSchema(only=("signed_file_sha256", "format")).load(fields), **files}
        return ValidationRequestSchema().load(request.get_json(silent=True) or {})
    except ValidationError as error:
        raise InvalidInput("The request does not match the expected schema; see `errors`.",
                           errors=error.messages) from None


def _check_sizes(body: dict) -> None:
    limit = _settings().signature_max_bytes
    too_large = {name: [f"At most {limit} bytes."] for name in FILE_FIELDS if len(body.get(name) or b"") > limit}
    if too_large:
        raise InvalidInput("A file is larger than this service validates.", errors=too_large)
