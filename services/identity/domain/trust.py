"""The certification authorities this deployment accepts, the trusted lists they may come from, CRLs.

An authority is identified by the SHA-256 fingerprint of its certificate (lower-case hex). It is
added by hand by a platform administrator or comes from an imported ETSI TS 119 612 trusted list;
it signs for validation only while it is enabled and, when it came from a list, while its trust
service's status there is an active one (granted, or a national or pre-eIDAS equivalent).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.errors import InvalidInput

CA_QC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
LIST_OF_LISTS_TYPES = ("http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists",)
MANUAL = "manual"
TRUSTED_LIST = "trusted-list"

# The last segment of a ServiceStatus URI; TS 119 612 v2 says granted / withdrawn, earlier
# versions and national schemes use the others, which still mean "the service may be relied on".
ACTIVE_STATUSES = frozenset({"granted", "recognisedatnationallevel", "undersupervision",
                             "supervisionincessation", "accredited"})


def short_status(status_uri: str) -> str:
    return status_uri.rstrip("/").rsplit("/", 1)[-1]


def is_active(status_uri: str) -> bool:
    return short_status(status_uri) in ACTIVE_STATUSES


class InvalidCertificate(InvalidInput):
    title, slug = "Invalid certificate", "invalid-certificate"


class InvalidRevocationList(InvalidInput):
    title, slug = "Invalid certificate revocation list", "invalid-crl"


class InvalidTrustedList(InvalidInput):
    title, slug = "Invalid trusted list", "invalid-trusted-list"


class UntrustedTrustedList(InvalidInput):
    """The list's XML signature does not verify with any certificate configured for its territory."""

    title, slug = "Trusted list signature not valid", "trusted-list-signature-invalid"


@dataclass(frozen=True)
class CertificateFacts:
    """What the service reads from a certificate, whatever its encoding."""

    fingerprint: str
    der: bytes
    subject: str
    issuer: str
    serial_number: str
    not_before: datetime
    not_after: datetime
    is_ca: bool
    common_name: str | None = None
    country: str | None = None
    subject_serial_number: str | None = None
    organisation_identifier: str | None = None
    qc_statements: tuple[str, ...] = ()


@dataclass
class CertificationAuthority:
    fingerprint: str
    certificate: bytes
    subject: str
    country: str
    label: str
    not_before: datetime
    not_after: datetime
    created_at: datetime
    enabled: bool = True
    source: str = MANUAL
    territory: str | None = None          # the trusted list it came from
    service_type: str | None = None
    service_status: str | None = None     # full ServiceStatus URI, for a listed authority

    @property
    def signs(self) -> bool:
        """Whether new signatures may chain up to it."""
        return self.enabled and (self.service_status is None or is_active(self.service_status))


@dataclass(frozen=True)
class RevocationList:
    id: uuid.UUID
    authority: str
    crl: bytes
    this_update: datetime
    next_update: datetime | None
    uploaded_at: datetime


@dataclass(frozen=True)
class StatusChange:
    status: str
    starting_time: datetime
    service_type: str | None = None


@dataclass(frozen=True)
class TrustService:
    provider: str
    name: str
    service_type: str
    status: str
    status_starting_time: datetime
    certificates: tuple[CertificateFacts, ...]
    history: tuple[StatusChange, ...] = ()

    @property
    def gives_authorities(self) -> bool:
        return self.service_type == CA_QC


@dataclass(frozen=True)
class ListPointer:
    """A pointer in the EU list of lists: where a national list is, and who signs it."""

    territory: str
    location: str
    signing_certificates: tuple[CertificateFacts, ...]


@dataclass(frozen=True)
class TrustedListContent:
    territory: str
    operator: str
    tsl_type: str
    sequence_number: int
    issued_at: datetime
    next_update: datetime | None
    services: tuple[TrustService, ...] = ()
    pointers: tuple[ListPointer, ...] = ()

    @property
    def is_list_of_lists(self) -> bool:
        return self.tsl_type in LIST_OF_LISTS_TYPES or bool(self.pointers) and not self.services


@dataclass
class TrustedListSource:
    """A territory whose trusted lists may be imported, with the certificates that sign them."""

    territory: str
    label: str
    signing_certificates: list[bytes]
    created_at: datetime
    origin: str = MANUAL                  # or the territory of the list of lists that pointed at it


@dataclass(frozen=True)
class TrustedListImport:
    id: uuid.UUID
    territory: str
    operator: str
    sequence_number: int
    issued_at: datetime
    next_update: datetime | None
    sha256: str
    imported_at: datetime
    services: tuple[TrustService, ...] = ()
