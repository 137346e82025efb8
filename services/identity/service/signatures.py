"""Validating an electronic signature against the accepted authorities and uploaded CRLs."""
from __future__ import annotations

import hashlib

from services.identity.adapters.signatures.cms import validate_cades, validate_pades
from services.identity.adapters.signatures.context import TrustMaterial
from services.identity.adapters.signatures.xades import validate_xades
from services.identity.domain.audit import SecurityEvent
from services.identity.domain.commands import ValidateSignature
from services.identity.domain.signatures import CADES, PADES, XADES, SignatureReport, UnreadableSignature
from services.identity.domain.trust import CertificationAuthority
from services.identity.service.clock import utc_now


def validate_signature(command: ValidateSignature, uow, clock=utc_now
                       ) -> tuple[SignatureReport, CertificationAuthority | None]:
    """The report, and the accepted authority the signer's chain reached (if any)."""
    format_ = signature_format(command)
    with uow:
        authorities = {authority.fingerprint: authority for authority in uow.trust.signing_authorities()}
        crls = tuple(uow.trust.all_revocation_lists())
    # The cryptography runs outside the transaction: no connection is held while it does.
    trust = TrustMaterial(anchors=tuple(a.certificate for a in authorities.values()), crls=crls, moment=clock())
    report = _validate(format_, command, trust)
    with uow:
        uow.audit.record(SecurityEvent(
            action="signature.validated", occurred_at=clock(), actor_id=command.actor_id,
            organisation_id=command.organisation_id,
            subject=report.signer.certificate_fingerprint if report.signer else None,
            details={"format": report.format, "indication": report.indication,
                     "sub_indication": report.sub_indication, "document_sha256": _digest_of(command)}))
        uow.commit()
    return report, authorities.get(report.accepted_authority) if report.accepted_authority else None


def signature_format(command: ValidateSignature) -> str:
    if command.signature is not None:
        found = CADES
    elif command.document is None:
        raise UnreadableSignature("Send a signed document, or a detached signature with what it signs.",
                                  errors={"document": ["Missing."]})
    elif command.document.lstrip()[:5] == b"%PDF-":
        found = PADES
    elif command.document.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        found = XADES
    else:
        raise UnreadableSignature("The document is neither a PDF nor an XML document.",
                                  errors={"document": ["Unknown format."]})
    if command.format and command.format != found:
        raise UnreadableSignature(f"The input is {found}, not {command.format}.", errors={"format": ["Mismatch."]})
    if found == CADES and command.signed_file is None and command.signed_file_sha256 is None:
        raise UnreadableSignature("A detached signature needs the signed file or its SHA-256.",
                                  errors={"signed_file": ["Missing."]})
    return found


def _validate(format_: str, command: ValidateSignature, trust: TrustMaterial) -> SignatureReport:
    if format_ == PADES:
        return validate_pades(command.document, trust)
    if format_ == XADES:
        return validate_xades(command.document, trust)
    return validate_cades(command.signature, trust, signed_file=command.signed_file,
                          sha256=command.signed_file_sha256)


def _digest_of(command: ValidateSignature) -> str:
    if command.signed_file_sha256 is not None and command.signed_file is None:
        return command.signed_file_sha256.hex()
    return hashlib.sha256(command.signed_file if command.signature is not None else command.document).hexdigest()
