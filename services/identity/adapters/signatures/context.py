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
        return ValidationContext(
            trust_roots=[asn1_x509.Certificate.load(der) for der in self.anchors],
            crls=[asn1_crl.CertificateList.load(der) for der in self.crls],
            allow_fetching=False, revocation_mode=REVOCATION_MODE, moment=self.moment)


def chain_of(path) -> tuple[ChainLink, ...]:
    """The validation path from the signer up to the trust anchor."""
    if path is None:
        return ()
    links = []
    for certificate in path.iter_certs(include_root=True):
        facts = read_certificate(certificate.dump())
        links.append(ChainLink(subject=facts.subject, issuer=facts.issuer, fingerprint=facts.fingerprint,
                               not_after=facts.not_after))
    return tuple(reversed(links))
