"""Buyers and suppliers, and registering one with its first member."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from services.identity.domain.events import OrganisationRegistered
from services.identity.domain.people import Membership, User


class OrganisationKind(str, Enum):
    BUYER = "buyer"
    SUPPLIER = "supplier"


FIRST_MEMBER_ROLES = {OrganisationKind.BUYER: ("buyer-admin",), OrganisationKind.SUPPLIER: ("supplier-admin",)}


@dataclass
class Organisation:
    id: uuid.UUID
    name: str
    kind: OrganisationKind
    country: str
    created_at: datetime
    events: list = field(default_factory=list, repr=False, compare=False)


def register_organisation(*, name: str, kind: OrganisationKind, country: str, first_user: User,
                          now: datetime) -> tuple[Organisation, Membership]:
    organisation = Organisation(id=uuid.uuid4(), name=name, kind=kind, country=country, created_at=now)
    membership = Membership(user_id=first_user.id, organisation_id=organisation.id,
                            roles=FIRST_MEMBER_ROLES[kind])
    organisation.events.append(OrganisationRegistered(
        id=organisation.id, name=name, kind=kind.value, country=country, first_user_id=first_user.id))
    return organisation, membership
