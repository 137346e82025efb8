"""The outcome of validating an electronic signature, in the terms of ETSI EN 319 102-1.

The main indication is TOTAL-PASSED, TOTAL-FAILED or INDETERMINATE; the sub-indication says why
(HASH_FAILURE, NO_CERTIFICATE_CHAIN_FOUND, REVOKED_NO_POE, OUT_OF_BOUNDS_NO_POE...). This service
validates at the current time with no time-stamp and no other proof of existence (POE) than the
validation itself, so, as the standard's basic validation says:
- a signer certificate revoked before now gives INDETERMINATE / REVOKED_NO_POE (TOTAL-FAILED / REVOKED
  needs a POE, such as a content time-stamp, showing the signature was made after the revocation);
- an expired signer certificate gives INDETERMINATE / OUT_OF_BOUNDS_NO_POE.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from procure.errors import InvalidInput

TOTAL_PASSED = "TOTAL-PASSED"
TOTAL_FAILED = "TOTAL-FAILED"
INDETERMINATE = "INDETERMINATE"

PADES, CADES, XADES = "PAdES", "CAdES", "XAdES"

REASONS = {
    "FORMAT_FAILURE": "The signature is not in a format this service can read.",
    "HASH_FAILURE": "The signed content was changed after signing: its digest does not match the signed one.",
    "SIG_CRYPTO_FAILURE": "The signature value does not verify with the signer's public key.",
    "REVOKED": "The signer's certificate was revoked before the signature was made.",
    "NO_SIGNING_CERTIFICATE_FOUND": "The signer's certificate is not in the signature.",
    "NO_CERTIFICATE_CHAIN_FOUND":
        "The signer's certificate does not chain up to a certification authority this platform accepts.",
    "REVOKED_NO_POE": "The signer's certificate has been revoked, and nothing proves the signature existed before.",
    "REVOKED_CA_NO_POE": "A certification authority in the chain has been revoked.",
    "OUT_OF_BOUNDS_NO_POE":
        "The signer's certificate has expired (or is not yet valid), and nothing proves the signature "
        "existed while it was valid.",
    "OUT_OF_BOUNDS_NOT_REVOKED": "The signer's certificate has expired but was not revoked.",
    "NOT_YET_VALID": "The signer's certificate is not valid yet.",
    "CHAIN_CONSTRAINTS_FAILURE": "The certificate chain breaks a constraint (key usage, path length, policy).",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": "The certificate chain could not be validated.",
    "CRYPTO_CONSTRAINTS_FAILURE": "The signature uses an algorithm or key size that is no longer accepted.",
    "SIG_CONSTRAINTS_FAILURE": "The signature lacks an attribute the validation policy requires.",
    "TRY_LATER": "Revocation information is not fresh enough; try again later.",
    "SIGNED_DATA_NOT_FOUND": "The signed data was not given with the detached signature.",
    "GENERIC": "The signature could not be validated.",
}


class UnreadableSignature(InvalidInput):
    title, slug = "Unreadable signature", "unreadable-signature"


@dataclass(frozen=True)
class Signer:
    name: str | None
    subject: str
    serial_number: str
    certificate_fingerprint: str
    subject_serial_number: str | None = None
    organisation_identifier: str | None = None
    country: str | None = None
    not_before: datetime | None = None
    not_after: datetime | None = None


@dataclass(frozen=True)
class ChainLink:
    subject: str
    issuer: str
    fingerprint: str
    serial_number: str
    not_after: datetime


@dataclass(frozen=True)
class SignatureReport:
    format: str
    indication: str
    sub_indication: str | None
    signer: Signer | None
    signing_time: datetime | None
    chain: tuple[ChainLink, ...] = ()
    accepted_authority: str | None = None        # fingerprint of the trust anchor reached
    qualified: bool = False
    qc_statements: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    revoked_at: datetime | None = None
    details: dict = field(default_factory=dict)


def indication_for(status: str, sub_indication: str | None) -> str:
    """status is the AdES status pyhanko reports: PASSED, FAILED or INDETERMINATE."""
    if status == "PASSED" or sub_indication is None:
        return TOTAL_PASSED
    return TOTAL_FAILED if status == "FAILED" else INDETERMINATE


def reasons_for(indication: str, sub_indication: str | None, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    if indication == TOTAL_PASSED:
        return ("The signature is intact, made with the signer's key, and the signer's certificate chains "
                "up to an accepted certification authority.", *extra)
    return (REASONS.get(sub_indication or "GENERIC", REASONS["GENERIC"]), *extra)
