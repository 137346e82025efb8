"""The validation context: the accepted authorities as trust anchors, the uploaded CRLs, no network.

Revocation mode is "soft-fail": a CRL that was uploaded is used and a revoked certificate fails,
but a certificate whose authority has no uploaded CRL is not failed for the lack of one, since
nothing is ever fetched. "hard-fail" would make every authority without a CRL unusable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from pyhanko_certvalidator import ValidationContext

from services.identity.adapters.signatures.certificates import read_certificate
from services.identity.domain.signatures import ChainLink

REVOCATION_MODE = "soft-fail"


@dataclass(frozen=True)
class TrustMaterial:
    """The anchors (DER) and CRLs (DER) a validation may use."""

    anchors: tuple[bytes, ...] = ()
    crls: tuple[bytes, ...] = ()
    moment: datetime | None = None
    extra: dict = field(default_factory=dict)

    def context(self) -> ValidationContext:
        # pyhanko-certvalidator cannot build the issuer path of a CRL signed by an anchor that is not
        # self-signed (an issuing CA listed on its own, as trusted lists do); those CRLs are checked
        # by `revoked_under_anchor` instead.
        anchored = self._anchor_issued_crls()
        return ValidationContext(
            trust_roots=[asn1_x509.Certificate.load(der) for der in self.anchors],
            crls=[asn1_crl.CertificateList.load(der) for der in self.crls if der not in anchored],
            allow_fetching=False, revocation_mode=REVOCATION_MODE, moment=self.moment)

    def _anchor_issued_crls(self) -> set[bytes]:
        names = {x509.load_der_x509_certificate(der).subject for der in self.anchors
                 if not _self_issued(x509.load_der_x509_certificate(der))}
        return {der for der in self.crls if x509.load_der_x509_crl(der).issuer in names}

    def revoked_under_anchor(self, chain: tuple[ChainLink, ...]) -> datetime | None:
        """When the certificate just below a non-self-signed anchor is on that anchor's CRL, since when."""
        if len(chain) < 2:
            return None
        anchor = x509.load_der_x509_certificate(_anchor_der(self.anchors, chain[-1].fingerprint) or b"")
        below = chain[-2]
        for der in self._anchor_issued_crls():
            crl = x509.load_der_x509_crl(der)
            if crl.issuer != anchor.subject or not crl.is_signature_valid(anchor.public_key()):
                continue
            entry = crl.get_revoked_certificate_by_serial_number(int(below.serial_number, 16))
            if entry is not None and (self.moment is None or entry.revocation_date_utc <= self.moment):
                return entry.revocation_date_utc
        return None


def _self_issued(certificate: x509.Certificate) -> bool:
    return certificate.issuer == certificate.subject


def _anchor_der(anchors: tuple[bytes, ...], fingerprint: str) -> bytes | None:
    return next((der for der in anchors
                 if x509.load_der_x509_certificate(der).fingerprint(hashes.SHA256()).hex() == fingerprint), None)


def chain_of(path) -> tuple[ChainLink, ...]:
    """The validation path from the signer up to the trust anchor."""
    if path is None:
        return ()
    links = []
    for certificate in path.iter_certs(include_root=True):
        facts = read_certificate(certificate.dump())
        links.append(ChainLink(subject=facts.subject, issuer=facts.issuer, fingerprint=facts.fingerprint,
                               serial_number=facts.serial_number, not_after=facts.not_after))
    return tuple(reversed(links))
