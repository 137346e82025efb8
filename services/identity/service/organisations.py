"""Reading and revising organisations, as their members and the platform's staff may."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from procure.errors import Forbidden, NotFound, PreconditionFailed
from services.identity.domain.audit import SecurityEvent
from services.identity.domain.organisations import ADMIN_ROLE, Organisation, OrganisationDetails
from services.identity.domain.roles import AUDITOR, PLATFORM_ADMIN
from services.identity.service.clock import utc_now

PLATFORM_READERS = (PLATFORM_ADMIN, AUDITOR)


@dataclass(frozen=True)
class Caller:
    """Who asks, as the access token says: the organisation it acts for and its roles there."""
    subject: str
    organisation_id: uuid.UUID | None
    roles: frozenset[str]


@dataclass(frozen=True)
class ReviseOrganisation:
    organisation_id: uuid.UUID
    expected_version: int
    name: str | None
    details: dict   # the fields the body gives, applied over the current details


def read(organisation_id: uuid.UUID, caller: Caller, uow) -> Organisation:
    with uow:
        organisation = uow.organisations.get(organisation_id)
        if organisation is None or not _may_read(organisation_id, caller):
            raise NotFound("No such organisation.")
        return organisation


def revise(command: ReviseOrganisation, caller: Caller, uow, build_details, clock=utc_now) -> Organisation:
    """`build_details(fields, current)` turns the given fields into OrganisationDetails."""
    with uow:
        organisation = uow.organisations.get(command.organisation_id)
        if organisation is None or not _may_read(command.organisation_id, caller):
            raise NotFound("No such organisation.")
        if caller.organisation_id != organisation.id or ADMIN_ROLE[organisation.kind] not in caller.roles:
            raise Forbidden(f"Only an administrator of the organisation ({ADMIN_ROLE[organisation.kind]}) "
                            "may change it.")
        if organisation.version != command.expected_version:
            raise PreconditionFailed("The organisation changed since it was read; read it again.")
        details: OrganisationDetails = build_details(command.details, organisation.details)
        organisation.revise(name=command.name, details=details)
        if not uow.organisations.save(organisation):
            raise PreconditionFailed("The organisation changed since it was read; read it again.")
        uow.audit.record(_changed(caller, organisation, sorted(command.details) + (["name"] if command.name else []),
                                  clock()))
        uow.commit()
        return organisation


def page(limit: int, after, caller: Caller, uow) -> list[Organisation]:
    if not caller.roles.intersection(PLATFORM_READERS):
        raise Forbidden("Listing organisations needs the platform-admin or auditor role.")
    with uow:
        return uow.organisations.page(limit, after)


def _may_read(organisation_id: uuid.UUID, caller: Caller) -> bool:
    return caller.organisation_id == organisation_id or bool(caller.roles.intersection(PLATFORM_READERS))


def _changed(caller: Caller, organisation: Organisation, fields: list[str], now: datetime) -> SecurityEvent:
    return SecurityEvent(action="organisation.changed", occurred_at=now, actor_id=caller.subject,
                         organisation_id=str(organisation.id), subject=str(organisation.id),
                         details={"fields": fields, "version": organisation.version})
