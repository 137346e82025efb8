"""An organisation signs up with its first member, who becomes its administrator."""
from __future__ import annotations

import uuid

from procure.errors import Conflict, InvalidInput
from services.identity.adapters.passwords import hash_password
from services.identity.domain.commands import RegisterOrganisation
from services.identity.domain.organisations import OrganisationKind, register_organisation
from services.identity.domain.people import User, check_password_policy
from services.identity.service.accounts import AccountPolicy, ask_to_verify_email
from services.identity.service.clock import utc_now

SELF_REGISTERING = (OrganisationKind.BUYER, OrganisationKind.SUPPLIER)


def register(command: RegisterOrganisation, uow, clock=utc_now, *, accounts: AccountPolicy | None = None):
    """`accounts` given, the first member is asked to verify their e-mail address (the mailer sends the link)."""
    kind = OrganisationKind(command.kind)
    if kind not in SELF_REGISTERING:
        raise InvalidInput("Only buyers and suppliers register themselves.",
                           errors={"organisation.kind": ["Must be buyer or supplier."]})
    check_password_policy(command.password)
    now = clock()
    user = User(id=uuid.uuid4(), email=command.email, name=command.user_name,
                password_hash=hash_password(command.password), created_at=now)
    organisation, membership = register_organisation(
        name=command.name, kind=kind, country=command.country, first_user=user, now=now,
        details=command.details)
    with uow:
        if not uow.people.add_user(user):
            raise Conflict("An account with this e-mail address already exists.",
                           errors={"user.email": ["Already registered."]})
        if not uow.organisations.add(organisation):
            raise Conflict("An organisation with this registration identifier is already registered.",
                           errors={"organisation.identifier": ["Already registered."]})
        uow.people.add_membership(membership)
        if accounts is not None:
            ask_to_verify_email(uow, accounts, user, now)
        uow.commit()
    return organisation, user, membership
