"""Shapes of a signature validation request and its EN 319 102-1 report."""
import base64
import binascii

from marshmallow import Schema, ValidationError, fields, validate

FORMATS = validate.OneOf(["PAdES", "CAdES", "XAdES"])
SHA256_HEX = validate.Regexp(r"^[0-9a-fA-F]{64}$", error="64 hexadecimal digits.")


class Base64(fields.String):
    """Bytes sent as base64 text."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("Not valid base64.") from None


class ValidationRequestSchema(Schema):
    """JSON form; multipart/form-data carries the same names as files (sha256 and format as fields)."""

    document = Base64(metadata={"description": "a PAdES-signed PDF or a XAdES-signed XML document, base64"})
    signature = Base64(metadata={"description": "a detached CAdES signature (.p7s, DER or PEM), base64"})
    signed_file = Base64(metadata={"description": "the file the detached signature signs, base64"})
    signed_file_sha256 = fields.String(validate=SHA256_HEX)
    format = fields.String(validate=FORMATS)


class SignerSchema(Schema):
    name = fields.String(allow_none=True)
    subject = fields.String()
    serial_number = fields.String(metadata={"description": "certificate serial number, hexadecimal"})
    subject_serial_number = fields.String(allow_none=True, metadata={"description": "subject's serialNumber"})
    organisation_identifier = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    certificate_fingerprint = fields.String()
    not_before = fields.AwareDateTime(allow_none=True)
    not_after = fields.AwareDateTime(allow_none=True)


class ChainLinkSchema(Schema):
    subject = fields.String()
    issuer = fields.String()
    fingerprint = fields.String()
    not_after = fields.AwareDateTime()


class AcceptedAuthoritySchema(Schema):
    fingerprint = fields.String()
    label = fields.String()
    country = fields.String()
    source = fields.String()
    territory = fields.String(allow_none=True)
    service_type = fields.String(allow_none=True)


class ValidationReportSchema(Schema):
    format = fields.String()
    indication = fields.String(metadata={"description": "TOTAL-PASSED, TOTAL-FAILED or INDETERMINATE"})
    sub_indication = fields.String(allow_none=True)
    signer = fields.Nested(SignerSchema, allow_none=True)
    signing_time = fields.AwareDateTime(allow_none=True, metadata={"description": "as claimed by the signer"})
    chain = fields.List(fields.Nested(ChainLinkSchema), metadata={"description": "signer first, anchor last"})
    accepted_authority = fields.Nested(AcceptedAuthoritySchema, allow_none=True)
    qualified = fields.Boolean(metadata={"description": "the certificate declares QcCompliance"})
    qc_statements = fields.List(fields.String())
    revoked_at = fields.AwareDateTime(allow_none=True)
    reasons = fields.List(fields.String())
