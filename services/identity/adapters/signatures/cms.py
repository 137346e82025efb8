"""PAdES (a signed PDF) and detached CAdES (.p7s) signatures, validated with pyhanko."""
from __future__ import annotations

import asyncio
from io import BytesIO

from asn1crypto import cms
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure
from pyhanko.sign.validation import (async_validate_cms_signature, async_validate_detached_cms,
                                     async_validate_pdf_signature)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel, StandardCMSSignatureStatus

from services.identity.adapters.signatures.certificates import PEM_MARK
from services.identity.adapters.signatures.context import TrustMaterial, chain_of
from services.identity.adapters.signatures.report import failed_report, report_from
from services.identity.domain.signatures import CADES, PADES, SignatureReport, UnreadableSignature


def validate_pades(pdf: bytes, trust: TrustMaterial) -> SignatureReport:
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_regular_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise UnreadableSignature(f"This is not a PDF that can be read: {error}",
                                  errors={"document": ["Not a readable PDF."]}) from None
    if not signatures:
        raise UnreadableSignature("This PDF carries no signature.", errors={"document": ["No signature field."]})
    # The last signature covers the most of the document; earlier ones are reported by later work.
    signature = signatures[-1]
    try:
        status = asyncio.run(async_validate_pdf_signature(signature, trust.context()))
    except SignatureValidationError as error:
        return failed_report(PADES, error.ades_subindication, error.failure_message)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise UnreadableSignature(f"The PDF signature cannot be read: {error}",
                                  errors={"document": ["Unreadable signature."]}) from None
    extra = _pdf_findings(status)
    return report_from(PADES, status, chain_of(status.validation_path), extra, trust)


def _pdf_findings(status) -> dict:
    if status.coverage not in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION):
        return {"failure": AdESFailure.FORMAT_FAILURE, "reason": "The signature does not cover the document."}
    if not status.docmdp_ok:
        return {"failure": AdESFailure.HASH_FAILURE,
                "reason": "The document was changed after signing in a way the signature does not allow."}
    if status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        return {"reason": "The document has later revisions that leave the signed content as it was."}
    return {}


def read_signed_data(signature: bytes) -> cms.SignedData:
    """The SignedData of a .p7s, DER or PEM."""
    try:
        if signature.lstrip().startswith(PEM_MARK):
            from asn1crypto import pem
            _, _, signature = pem.unarmor(signature)
        content_info = cms.ContentInfo.load(signature)
        if content_info["content_type"].native != "signed_data":
            raise ValueError("not a CMS SignedData")
        signed_data = content_info["content"]
        signed_data["signer_infos"][0]["signature"].native  # parse now, not inside pyhanko
        return signed_data
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise UnreadableSignature(f"This is not a CMS (CAdES) signature: {error}",
                                  errors={"signature": ["Not a CMS SignedData."]}) from None


def validate_cades(signature: bytes, trust: TrustMaterial, *, signed_file: bytes | None = None,
                   sha256: bytes | None = None) -> SignatureReport:
    signed_data = read_signed_data(signature)
    try:
        if signed_file is not None:
            status = asyncio.run(async_validate_detached_cms(signed_file, signed_data, trust.context()))
        else:
            status = asyncio.run(async_validate_cms_signature(
                signed_data, status_cls=StandardCMSSignatureStatus, raw_digest=_digest_for(signed_data, sha256),
                validation_context=trust.context()))
    except SignatureValidationError as error:
        return failed_report(CADES, error.ades_subindication, error.failure_message)
    except (ValueError, TypeError, KeyError) as error:
        raise UnreadableSignature(f"The CMS signature cannot be validated: {error}",
                                  errors={"signature": ["Unreadable signature."]}) from None
    return report_from(CADES, status, chain_of(status.validation_path), {}, trust)


def _digest_for(signed_data: cms.SignedData, sha256: bytes | None) -> bytes:
    algorithm = signed_data["signer_infos"][0]["digest_algorithm"]["algorithm"].native
    if algorithm != "sha256":
        raise UnreadableSignature(f"The signature digests with {algorithm}; send the signed file, not its SHA-256.",
                                  errors={"signed_file_sha256": ["The signature does not use SHA-256."]})
    return sha256
