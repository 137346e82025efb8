"""An organisation signs up with its first member."""
from __future__ import annotations

import uuid

from procure.errors import Conflict
from services.identity.adapters.passwords import hash_password
from services.identity.domain.commands import RegisterOrganisation
from services.identity.domain.organisations import OrganisationKind, register_organisation
from services.identity.domain.people import User, check_password_policy
from services.identity.service.clock import utc_now


def register(command: RegisterOrganisation, uow, clock=utc_now):
    check_password_policy(command.password)
    now = clock()
    user = User(id=uuid.uuid4(), email=command.email, name=command.user_name,
                password_hash=hash_password(command.password), created_at=now)
    with uow:
        if not uow.people.add_user(user):
            raise Conflict("An account with this e-mail address already exists.",
                           errors={"user.email": ["Already registered."]})
        organisation, membership = register_organisation(
            name=command.name, kind=OrganisationKind(command.kind), country=command.country,
            first_user=user, now=now)
        uow.organisations.add(organisation)
        uow.people.add_membership(membership)
        uow.commit()
    return organisation, user, membership
