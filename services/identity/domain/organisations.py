"""Buyers, suppliers and the region's own operator; registering one with its first member.

What an organisation says about itself is checked against the official lists: registration
identifier per scheme, VAT number per country, NUTS code (and that it lies in the country),
eForms buyer legal type and economic operator size, CPV 2008 activity codes.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

from procure.codelists import cpv, eforms, nuts
from procure.errors import InvalidInput
from services.identity.domain.events import OrganisationRegistered
from services.identity.domain.identifiers import InvalidIdentifier, registration_identifier, vat_number
from services.identity.domain.people import Membership, User
from services.identity.domain.roles import BUYER_ADMIN, PLATFORM_ADMIN, SUPPLIER_ADMIN

MAX_CPV_CODES = 50


class OrganisationKind(str, Enum):
    BUYER = "buyer"
    SUPPLIER = "supplier"
    PLATFORM = "platform"   # the region's operator: created by `procure identity platform-admin create`


FIRST_MEMBER_ROLES = {OrganisationKind.BUYER: (BUYER_ADMIN,), OrganisationKind.SUPPLIER: (SUPPLIER_ADMIN,),
                      OrganisationKind.PLATFORM: (PLATFORM_ADMIN,)}
ADMIN_ROLE = {kind: roles[0] for kind, roles in FIRST_MEMBER_ROLES.items()}


@dataclass(frozen=True)
class Identifier:
    scheme: str
    value: str


@dataclass(frozen=True)
class Address:
    street: str
    locality: str
    postal_code: str
    country: str


@dataclass(frozen=True)
class ContactPoint:
    name: str
    email: str
    telephone: str | None = None


@dataclass(frozen=True)
class DirectoryProfile:
    """What an opted-in supplier shows in the public directory."""
    listed: bool = False
    description: dict[str, str] = field(default_factory=dict)   # language (ISO 639-1) -> short text
    website: str | None = None


@dataclass(frozen=True)
class OrganisationDetails:
    """Everything about an organisation but its name, kind and country."""
    identifier: Identifier | None = None
    nuts: str | None = None
    address: Address | None = None
    contact: ContactPoint | None = None
    buyer_legal_type: str | None = None     # buyers: eForms buyer-legal-type
    vat_number: str | None = None           # suppliers
    size: str | None = None                 # suppliers: eForms economic-operator-size
    cpv_codes: tuple[str, ...] = ()         # suppliers: their activities
    directory: DirectoryProfile = field(default_factory=DirectoryProfile)


@dataclass
class Organisation:
    id: uuid.UUID
    name: str
    kind: OrganisationKind
    country: str
    created_at: datetime
    details: OrganisationDetails = field(default_factory=OrganisationDetails)
    version: int = 1
    events: list = field(default_factory=list, repr=False, compare=False)

    def revise(self, *, name: str | None = None, details: OrganisationDetails) -> None:
        checked = checked_details(self.kind, self.country, details)
        self.name = name or self.name
        self.details = checked
        self.version += 1


def checked_details(kind: OrganisationKind, country: str, details: OrganisationDetails,
                    field_prefix: str = "") -> OrganisationDetails:
    """The details with identifiers in their compact form; InvalidInput naming every wrong field."""
    errors: dict[str, list[str]] = {}
    identifier, vat = details.identifier, details.vat_number
    if identifier is not None:
        try:
            identifier = replace(identifier, value=registration_identifier(identifier.scheme, identifier.value,
                                                                            country))
        except InvalidIdentifier as error:
            errors["identifier"] = [str(error)]
    if vat is not None:
        try:
            vat = vat_number(vat, country)
        except InvalidIdentifier as error:
            errors["vat_number"] = [str(error)]
    errors.update(_code_errors(kind, country, details))
    if errors:
        raise InvalidInput("Some details of the organisation are not valid.",
                           errors={field_prefix + name: messages for name, messages in errors.items()})
    return replace(details, identifier=identifier, vat_number=vat,
                   cpv_codes=tuple(dict.fromkeys(details.cpv_codes)))


def _code_errors(kind: OrganisationKind, country: str, details: OrganisationDetails) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if details.nuts is not None and not nuts.is_valid(details.nuts):
        errors["nuts"] = [f"{details.nuts} is not a NUTS code."]
    elif details.nuts is not None and nuts.country(details.nuts) != country:
        errors["nuts"] = [f"{details.nuts} is not in {country}."]
    if details.buyer_legal_type is not None and details.buyer_legal_type not in eforms.buyer_legal_types():
        errors["buyer_legal_type"] = ["Not an eForms buyer-legal-type code."]
    if details.size is not None and details.size not in eforms.economic_operator_sizes():
        errors["size"] = ["Not an eForms economic-operator-size code."]
    wrong = [f"{code}: {error}" for code, error in _cpv_errors(details.cpv_codes)]
    if wrong or len(details.cpv_codes) > MAX_CPV_CODES:
        errors["cpv_codes"] = wrong or [f"At most {MAX_CPV_CODES} codes."]
    if kind is not OrganisationKind.BUYER and details.buyer_legal_type is not None:
        errors["buyer_legal_type"] = ["Only a buyer has a buyer legal type."]
    if kind is not OrganisationKind.SUPPLIER and (details.size or details.cpv_codes or details.directory.listed):
        errors["kind"] = ["Only a supplier has a size, activity codes or a directory profile."]
    return errors


def _cpv_errors(codes):
    for code in codes:
        try:
            cpv.validate(code)
        except cpv.InvalidCpvCode as error:
            yield code, str(error)


def register_organisation(*, name: str, kind: OrganisationKind, country: str, first_user: User,
                          now: datetime, details: OrganisationDetails | None = None
                          ) -> tuple[Organisation, Membership]:
    details = checked_details(kind, country, details or OrganisationDetails(), "organisation.")
    organisation = Organisation(id=uuid.uuid4(), name=name, kind=kind, country=country, created_at=now,
                                details=details)
    membership = Membership(user_id=first_user.id, organisation_id=organisation.id,
                            roles=FIRST_MEMBER_ROLES[kind])
    organisation.events.append(OrganisationRegistered(
        id=organisation.id, name=name, kind=kind.value, country=country, first_user_id=first_user.id,
        nuts=details.nuts, size=details.size, cpv_codes=details.cpv_codes))
    return organisation, membership
