"""Certificates and CRLs as uploaded (PEM or DER), read with `cryptography` and asn1crypto."""
from __future__ import annotations

import base64
import binascii

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from pyhanko.sign.ades import qualified_asn1

from services.identity.domain.trust import CertificateFacts, InvalidCertificate, InvalidRevocationList

PEM_MARK = b"-----BEGIN"


def decode_upload(value: bytes | str) -> bytes:
    """PEM text stays as it is; anything else is base64 of DER."""
    raw = value.encode() if isinstance(value, str) else value
    if raw.lstrip().startswith(PEM_MARK):
        return raw
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidCertificate("This is neither PEM nor base64.", errors={"base64": ["Not valid base64."]}) from None


def read_certificate(data: bytes) -> CertificateFacts:
    try:
        certificate = (x509.load_pem_x509_certificate(data) if data.lstrip().startswith(PEM_MARK)
                       else x509.load_der_x509_certificate(data))
        return certificate_facts(certificate)
    except ValueError as error:
        raise InvalidCertificate(f"The certificate cannot be read: {error}",
                                 errors={"certificate": ["Not an X.509 certificate in PEM or DER."]}) from None


def read_ca_certificate(data: bytes) -> CertificateFacts:
    facts = read_certificate(data)
    if not facts.is_ca:
        raise InvalidCertificate("This certificate is not a certification authority's (basicConstraints cA).",
                                 errors={"certificate": ["Not a CA certificate."]})
    return facts


def certificate_facts(certificate: x509.Certificate) -> CertificateFacts:
    der = certificate.public_bytes(serialization.Encoding.DER)
    return CertificateFacts(
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(), der=der,
        subject=certificate.subject.rfc4514_string(), issuer=certificate.issuer.rfc4514_string(),
        serial_number=format(certificate.serial_number, "x"),
        not_before=certificate.not_valid_before_utc, not_after=certificate.not_valid_after_utc,
        is_ca=_is_ca(certificate), common_name=_attribute(certificate, NameOID.COMMON_NAME),
        country=_attribute(certificate, NameOID.COUNTRY_NAME),
        subject_serial_number=_attribute(certificate, NameOID.SERIAL_NUMBER),
        organisation_identifier=_attribute(certificate, NameOID.ORGANIZATION_IDENTIFIER),
        qc_statements=qc_statements(der))


def qc_statements(der: bytes) -> tuple[str, ...]:
    """The names of the certificate's ETSI EN 319 412-5 QC statements (qc_compliance, qc_sscd...)."""
    try:
        statements = qualified_asn1.get_qc_statements(asn1_x509.Certificate.load(der))
        return tuple(str(statement["statement_id"].native) for statement in statements)
    except ValueError:
        return ()


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _attribute(certificate: x509.Certificate, oid) -> str | None:
    values = certificate.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else None


def read_crl(data: bytes) -> x509.CertificateRevocationList:
    try:
        if data.lstrip().startswith(PEM_MARK):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError as error:
        raise InvalidRevocationList(f"The CRL cannot be read: {error}",
                                    errors={"crl": ["Not an X.509 CRL in PEM or DER."]}) from None


def check_crl_issued_by(crl: x509.CertificateRevocationList, authority_der: bytes) -> None:
    authority = x509.load_der_x509_certificate(authority_der)
    if crl.issuer != authority.subject:
        raise InvalidRevocationList("This CRL was issued by another authority.",
                                    errors={"crl": ["Issuer does not match the authority."]})
    try:
        valid = crl.is_signature_valid(authority.public_key())
    except (InvalidSignature, TypeError, ValueError):
        valid = False
    if not valid:
        raise InvalidRevocationList("This CRL is not signed by the authority's key.",
                                    errors={"crl": ["Signature does not verify with the authority's key."]})


def crl_der(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.DER)
