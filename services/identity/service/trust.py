"""Platform administrators manage the accepted certification authorities, their CRLs and trusted lists."""
from __future__ import annotations

import dataclasses
import hashlib
import uuid

from procure.errors import Conflict, NotFound
from services.identity.adapters.signatures.certificates import (check_crl_issued_by, crl_der, read_ca_certificate,
                                                                read_certificate, read_crl)
from services.identity.adapters.trusted_lists import read_trusted_list
from services.identity.domain.audit import SecurityEvent
from services.identity.domain.commands import (AddAuthority, ChangeAuthority, ImportTrustedList,
                                               RegisterTrustedListSource, UploadRevocationList)
from services.identity.domain.trust import (MANUAL, TRUSTED_LIST, CertificationAuthority, InvalidTrustedList,
                                            RevocationList, TrustedListContent, TrustedListImport,
                                            TrustedListSource)
from services.identity.service.clock import utc_now

WITHDRAWN = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn"


def _event(action: str, actor_id, subject: str, now, **details) -> SecurityEvent:
    return SecurityEvent(action=action, occurred_at=now, actor_id=actor_id, subject=subject, details=details)


def add_authority(command: AddAuthority, uow, clock=utc_now) -> CertificationAuthority:
    facts = read_ca_certificate(command.certificate)
    now = clock()
    authority = CertificationAuthority(
        fingerprint=facts.fingerprint, certificate=facts.der, subject=facts.subject, country=command.country,
        label=command.label, not_before=facts.not_before, not_after=facts.not_after, created_at=now)
    with uow:
        if not uow.trust.add_authority(authority):
            raise Conflict("This certification authority is already accepted.",
                           errors={"certificate": [f"Already present as {facts.fingerprint}."]})
        uow.audit.record(_event("trust.ca-added", command.actor_id, facts.fingerprint, now,
                                country=command.country, label=command.label))
        uow.commit()
    return authority


def read_authority(fingerprint: str, uow) -> CertificationAuthority:
    with uow:
        authority = uow.trust.authority(fingerprint)
    if authority is None:
        raise NotFound("No accepted certification authority has this fingerprint.")
    return authority


def list_authorities(limit: int, after, enabled: bool | None, uow) -> list[CertificationAuthority]:
    with uow:
        return uow.trust.authorities(limit, after, enabled)


def change_authority(command: ChangeAuthority, uow, clock=utc_now) -> CertificationAuthority:
    with uow:
        authority = uow.trust.authority(command.fingerprint)
        if authority is None:
            raise NotFound("No accepted certification authority has this fingerprint.")
        if authority.enabled != command.enabled:
            uow.trust.set_enabled(command.fingerprint, command.enabled)
            action = "trust.ca-enabled" if command.enabled else "trust.ca-disabled"
            uow.audit.record(_event(action, command.actor_id, command.fingerprint, clock()))
            authority.enabled = command.enabled
        uow.commit()
    return authority


def upload_revocation_list(command: UploadRevocationList, uow, clock=utc_now) -> RevocationList:
    crl = read_crl(command.crl)
    now = clock()
    with uow:
        authority = uow.trust.authority(command.fingerprint)
        if authority is None:
            raise NotFound("No accepted certification authority has this fingerprint.")
        check_crl_issued_by(crl, authority.certificate)
        stored = RevocationList(id=uuid.uuid4(), authority=command.fingerprint, crl=crl_der(crl),
                                this_update=crl.last_update_utc, next_update=crl.next_update_utc, uploaded_at=now)
        uow.trust.add_revocation_list(stored)
        uow.audit.record(_event("trust.crl-uploaded", command.actor_id, command.fingerprint, now,
                                this_update=stored.this_update.isoformat(), revoked=len(list(crl))))
        uow.commit()
    return stored


def revocation_lists(fingerprint: str, uow) -> list[RevocationList]:
    with uow:
        if uow.trust.authority(fingerprint) is None:
            raise NotFound("No accepted certification authority has this fingerprint.")
        return uow.trust.revocation_lists(fingerprint)


def register_source(command: RegisterTrustedListSource, uow, clock=utc_now) -> TrustedListSource:
    certificates = [read_certificate(der).der for der in command.signing_certificates]
    now = clock()
    source = TrustedListSource(territory=command.territory, label=command.label,
                               signing_certificates=certificates, created_at=now)
    with uow:
        if not uow.trust.add_source(source):
            raise Conflict("A trusted list source is already registered for this territory.",
                           errors={"territory": ["Already registered."]})
        uow.audit.record(_event("trust.list-source-registered", command.actor_id, command.territory, now,
                                certificates=[read_certificate(der).fingerprint for der in certificates]))
        uow.commit()
    return source


def read_source(territory: str, uow) -> tuple[TrustedListSource, dict | None]:
    with uow:
        source = uow.trust.source(territory)
        if source is None:
            raise NotFound("No trusted list source is registered for this territory.")
        return source, uow.trust.latest_import(territory)


def list_sources(limit: int, after: str | None, uow) -> list[TrustedListSource]:
    with uow:
        return uow.trust.sources(limit, after)


def import_trusted_list(command: ImportTrustedList, uow, clock=utc_now) -> dict:
    """Checks the list's signature against its territory's certificates, then applies it in one transaction."""
    with uow:
        source = uow.trust.source(command.territory)
    if source is None:
        raise NotFound("Register a trusted list source for this territory before importing its lists.")
    content = read_trusted_list(command.xml, source.signing_certificates)
    if content.territory != command.territory:
        raise InvalidTrustedList(f"This list is for {content.territory}, not {command.territory}.",
                                 errors={"territory": ["Does not match the list's SchemeTerritory."]})
    now = clock()
    listed = TrustedListImport(
        id=uuid.uuid4(), territory=content.territory, operator=content.operator,
        sequence_number=content.sequence_number, issued_at=content.issued_at, next_update=content.next_update,
        sha256=hashlib.sha256(command.xml).hexdigest(), imported_at=now, services=content.services)
    with uow:
        latest = uow.trust.latest_import(content.territory)
        if latest and latest["sequence_number"] > content.sequence_number:
            raise Conflict(f"A newer list (sequence number {latest['sequence_number']}) is already imported.",
                           errors={"xml": ["TSLSequenceNumber is older than the imported one."]})
        rows = [_service_row(service) for service in content.services]
        uow.trust.add_import(listed, rows)
        if content.is_list_of_lists:
            outcome = {"sources": _apply_pointers(content, uow, now)}
        else:
            outcome = _apply_services(content, uow, now)
        uow.audit.record(_event("trust.list-imported", command.actor_id, content.territory, now,
                                sequence_number=content.sequence_number, sha256=listed.sha256, **outcome))
        uow.commit()
    return {"import": {**{f.name: getattr(listed, f.name) for f in dataclasses.fields(listed)}, "services": rows},
            **outcome}


def _service_row(service) -> dict:
    return {"provider": service.provider, "name": service.name, "service_type": service.service_type,
            "status": service.status, "status_starting_time": service.status_starting_time,
            "history": [{"status": change.status, "starting_time": change.starting_time.isoformat(),
                         "service_type": change.service_type} for change in service.history],
            "certificates": [{"fingerprint": c.fingerprint, "subject": c.subject} for c in service.certificates]}


def _apply_services(content: TrustedListContent, uow, now) -> dict:
    """CA/QC services' certificates become (or stay) accepted authorities with their current status."""
    seen, granted, withdrawn = set(), [], []
    for service in content.services:
        if not service.gives_authorities:
            continue
        for facts in service.certificates:
            seen.add(facts.fingerprint)
            authority = CertificationAuthority(
                fingerprint=facts.fingerprint, certificate=facts.der, subject=facts.subject,
                country=content.territory, label=f"{service.provider}: {service.name}"[:300],
                not_before=facts.not_before, not_after=facts.not_after, created_at=now, source=TRUSTED_LIST,
                territory=content.territory, service_type=service.service_type, service_status=service.status)
            (granted if authority.signs else withdrawn).append(facts.fingerprint)
            _upsert_listed(authority, uow)
    for gone in uow.trust.listed_authorities(content.territory):
        if gone.fingerprint not in seen and gone.service_status != WITHDRAWN:
            uow.trust.update_listing(gone.fingerprint, gone.service_type, WITHDRAWN)
            withdrawn.append(gone.fingerprint)
    return {"granted": granted, "withdrawn": withdrawn}


def _upsert_listed(authority: CertificationAuthority, uow) -> None:
    if uow.trust.add_authority(authority):
        return
    known = uow.trust.authority(authority.fingerprint)
    if known.source == MANUAL and known.territory is None:
        return  # added by hand: the administrator's decision stands, the list does not take it over
    uow.trust.update_listing(authority.fingerprint, authority.service_type, authority.service_status)


def _apply_pointers(content: TrustedListContent, uow, now) -> list[str]:
    """The list of lists names who signs each national list: those become (or update) the sources."""
    updated = []
    for pointer in content.pointers:
        certificates = [facts.der for facts in pointer.signing_certificates]
        source = TrustedListSource(territory=pointer.territory, label=f"Trusted list of {pointer.territory}",
                                   signing_certificates=certificates, created_at=now, origin=content.territory)
        if not uow.trust.add_source(source):
            known = uow.trust.source(pointer.territory)
            if known.origin != content.territory:
                continue  # configured by hand: kept as the administrator set it
            uow.trust.replace_source_certificates(pointer.territory, certificates)
        updated.append(pointer.territory)
    return updated
