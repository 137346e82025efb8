"""Organisations, people and their memberships (the thin slice)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from procure.errors import InvalidInput
from services.identity.domain.events import OrganisationRegistered

MIN_PASSWORD_LENGTH = 12


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


@dataclass
class User:
    id: uuid.UUID
    email: str
    name: str
    password_hash: str = field(repr=False)
    created_at: datetime


@dataclass(frozen=True)
class Membership:
    user_id: uuid.UUID
    organisation_id: uuid.UUID
    roles: tuple[str, ...]


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("The password is too short.",
                           errors={"password": [f"Use at least {MIN_PASSWORD_LENGTH} characters."]})


def register_organisation(*, name: str, kind: OrganisationKind, country: str, first_user: User,
                          now: datetime) -> tuple[Organisation, Membership]:
    organisation = Organisation(id=uuid.uuid4(), name=name, kind=kind, country=country, created_at=now)
    membership = Membership(user_id=first_user.id, organisation_id=organisation.id,
                            roles=FIRST_MEMBER_ROLES[kind])
    organisation.events.append(OrganisationRegistered(
        id=organisation.id, name=name, kind=kind.value, country=country, first_user_id=first_user.id))
    return organisation, membership
