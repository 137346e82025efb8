"""XAdES signatures in XML documents: the XML-DSig by signxml, the certificate path by pyhanko-certvalidator."""
from __future__ import annotations

import asyncio
import base64
import binascii
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from lxml import etree
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.validation.generic_cms import handle_certvalidator_errors
from pyhanko_certvalidator import CertificateValidator
from signxml import exceptions as xml_errors
from signxml.xades import XAdESSignatureConfiguration, XAdESVerifier

from services.identity.adapters.signatures.certificates import read_certificate
from services.identity.adapters.signatures.context import TrustMaterial, chain_of
from services.identity.adapters.signatures.report import build_report
from services.identity.domain.signatures import XADES, SignatureReport, UnreadableSignature
from services.identity.domain.trust import CertificateFacts

DS = "http://www.w3.org/2000/09/xmldsig#"
XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"


def safe_parser() -> etree.XMLParser:
    """No DTD, no entities, no network: what defusedxml would allow."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=False)


def parse_xml(data: bytes, field: str) -> etree._Element:
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableSignature(f"This is not well-formed XML: {error}", errors={field: ["Not XML."]}) from None
    if root.getroottree().docinfo.doctype:
        raise UnreadableSignature("XML with a document type declaration is refused.",
                                  errors={field: ["DOCTYPE not allowed."]})
    return root


def embedded_certificates(root: etree._Element) -> list[CertificateFacts]:
    found = []
    for element in root.iter(f"{{{DS}}}X509Certificate"):
        try:
            found.append(read_certificate(base64.b64decode("".join((element.text or "").split()), validate=True)))
        except (binascii.Error, ValueError):
            continue
    return found


def validate_xades(document: bytes, trust: TrustMaterial) -> SignatureReport:
    root = parse_xml(document, "document")
    if next(root.iter(f"{{{DS}}}Signature"), None) is None:
        raise UnreadableSignature("This XML document carries no signature.", errors={"document": ["No ds:Signature."]})
    certificates = embedded_certificates(root)
    signer = next((c for c in certificates if not c.is_ca), certificates[0] if certificates else None)
    if signer is None:
        return build_report(XADES, AdESIndeterminate.NO_SIGNING_CERTIFICATE_FOUND, None)
    try:
        # Only the cryptography here: validity in time is the path validation's (OUT_OF_BOUNDS_NO_POE).
        config = XAdESSignatureConfiguration(expect_references=True, verification_time=signer.not_before)
        results = XAdESVerifier().verify(document, x509_cert=_pem(signer.der), expect_config=config)
    except xml_errors.InvalidDigest as error:
        return build_report(XADES, AdESFailure.HASH_FAILURE, signer, extra_reasons=(str(error),))
    except xml_errors.InvalidSignature as error:
        return build_report(XADES, AdESFailure.SIG_CRYPTO_FAILURE, signer, extra_reasons=(str(error),))
    except (xml_errors.SignXMLException, ValueError, etree.LxmlError) as error:
        return build_report(XADES, AdESFailure.FORMAT_FAILURE, signer, extra_reasons=(str(error),))
    if not any(result.signed_xml is not None and result.signed_xml.tag == root.tag for result in results):
        return build_report(XADES, AdESFailure.FORMAT_FAILURE, signer,
                            extra_reasons=("The signature does not cover the whole document.",))
    others = [c.der for c in certificates if c.fingerprint != signer.fingerprint]
    outcome = asyncio.run(_validate_path(signer.der, others, trust))
    revoked = outcome.revo_details
    return build_report(XADES, outcome.error_subindic, signer, signing_time=_signing_time(results),
                        chain=chain_of(outcome.success_result),
                        revoked_at=revoked.revocation_date if revoked else None,
                        extra_reasons=("The signing time is the one the signer claims; no time-stamp proves it.",),
                        trust=trust)


async def _validate_path(leaf: bytes, others: list[bytes], trust: TrustMaterial):
    certificate = asn1_x509.Certificate.load(leaf)
    validator = CertificateValidator(certificate, [asn1_x509.Certificate.load(der) for der in others],
                                     validation_context=trust.context())
    return await handle_certvalidator_errors(certificate, validator.async_validate_usage({"non_repudiation"}))


def _pem(der: bytes) -> str:
    body = base64.encodebytes(der).decode()
    return f"-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n"


def _signing_time(results) -> datetime | None:
    for result in results:
        properties = getattr(result, "signed_properties", None)
        if properties is None:
            continue
        element = properties.find(f".//{{{XADES_NS}}}SigningTime")
        if element is not None and element.text:
            try:
                return datetime.fromisoformat(element.text.strip().replace("Z", "+00:00"))
            except ValueError:
                return None
    return None
