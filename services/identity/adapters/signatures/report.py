"""pyhanko's validation status, told as an EN 319 102-1 report."""
from __future__ import annotations

from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESSubIndic

from services.identity.adapters.signatures.certificates import read_certificate
from services.identity.adapters.signatures.context import TrustMaterial
from services.identity.domain.signatures import (REASONS, ChainLink, SignatureReport, Signer, indication_for,
                                                 reasons_for)
from services.identity.domain.trust import CertificateFacts


def signer_from(facts: CertificateFacts) -> Signer:
    return Signer(name=facts.common_name, subject=facts.subject, serial_number=facts.serial_number,
                  certificate_fingerprint=facts.fingerprint, subject_serial_number=facts.subject_serial_number,
                  organisation_identifier=facts.organisation_identifier, country=facts.country,
                  not_before=facts.not_before, not_after=facts.not_after)


def _status_name(sub_indication: AdESSubIndic | None) -> str:
    if sub_indication is None:
        return "PASSED"
    return "FAILED" if isinstance(sub_indication, AdESFailure) else "INDETERMINATE"


def build_report(format_: str, sub_indication: AdESSubIndic | None, facts: CertificateFacts | None, *,
                 signing_time=None, chain: tuple[ChainLink, ...] = (), revoked_at=None,
                 extra_reasons: tuple[str, ...] = (), trust: TrustMaterial | None = None) -> SignatureReport:
    if sub_indication is None and trust is not None:
        revoked_at = trust.revoked_under_anchor(chain)
        if revoked_at is not None:
            sub_indication = (AdESIndeterminate.REVOKED_NO_POE if len(chain) == 2
                              else AdESIndeterminate.REVOKED_CA_NO_POE)
    name = sub_indication.name if sub_indication is not None else None
    indication = indication_for(_status_name(sub_indication), name)
    qc = facts.qc_statements if facts else ()
    return SignatureReport(
        format=format_, indication=indication, sub_indication=name,
        signer=signer_from(facts) if facts else None, signing_time=signing_time, chain=chain,
        accepted_authority=chain[-1].fingerprint if chain and indication != "INDETERMINATE" else None,
        qualified="qc_compliance" in qc, qc_statements=qc,
        reasons=reasons_for(indication, name, extra_reasons), revoked_at=revoked_at)


def report_from(format_: str, status, chain: tuple[ChainLink, ...], findings: dict,
                trust: TrustMaterial | None = None) -> SignatureReport:
    """From a pyhanko SignatureStatus; `findings` may add a failure or a reason of the format's own."""
    facts = read_certificate(status.signing_cert.dump())
    if not status.intact:
        sub_indication = AdESFailure.HASH_FAILURE
    elif not status.valid:
        sub_indication = AdESFailure.SIG_CRYPTO_FAILURE
    else:
        sub_indication = findings.get("failure") or status.trust_problem_indic
    revoked = status.revocation_details
    extra = tuple(filter(None, [findings.get("reason"), _timestamp_note(status)]))
    return build_report(format_, sub_indication, facts, signing_time=_signing_time(status), chain=chain,
                        revoked_at=revoked.revocation_date if revoked else None, extra_reasons=extra, trust=trust)


def failed_report(format_: str, sub_indication: AdESSubIndic, message: str | None) -> SignatureReport:
    """pyhanko refused the signature before it could say more (no signer certificate, bad structure...)."""
    name = sub_indication.name
    indication = indication_for(_status_name(sub_indication), name)
    reasons = (REASONS.get(name, REASONS["GENERIC"]), *([message] if message else []))
    return SignatureReport(format=format_, indication=indication, sub_indication=name, signer=None,
                           signing_time=None, reasons=reasons)


def _signing_time(status):
    timestamp = getattr(status, "timestamp_validity", None)
    if timestamp is not None and timestamp.trusted:
        return timestamp.timestamp
    return getattr(status, "signer_reported_dt", None)


def _timestamp_note(status) -> str | None:
    if getattr(status, "timestamp_validity", None) is None:
        return "The signing time is the one the signer claims; no time-stamp proves it."
    return None

