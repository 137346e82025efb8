"""The region's operator: its organisation and the people who administer the platform."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from procure.errors import Conflict
from services.identity.adapters.passwords import hash_password
from services.identity.domain.audit import SecurityEvent
from services.identity.domain.organisations import Organisation, OrganisationKind
from services.identity.domain.people import Membership, User, check_password_policy
from services.identity.domain.roles import PLATFORM_ADMIN
from services.identity.service.clock import utc_now


@dataclass(frozen=True)
class CreatePlatformAdmin:
    email: str
    name: str
    password: str = field(repr=False)
    organisation_name: str = "Platform operator"
    country: str = "EU"


def create_platform_admin(command: CreatePlatformAdmin, uow, clock=utc_now) -> tuple[Organisation, User]:
    """Creates the operator organisation if there is none yet, and a user holding platform-admin in it."""
    check_password_policy(command.password)
    now = clock()
    user = User(id=uuid.uuid4(), email=command.email, name=command.name,
                password_hash=hash_password(command.password), created_at=now)
    with uow:
        platform = uow.organisations.of_kind(OrganisationKind.PLATFORM)
        if platform is None:
            platform = Organisation(id=uuid.uuid4(), name=command.organisation_name, kind=OrganisationKind.PLATFORM,
                                    country=command.country, created_at=now)
            uow.organisations.add(platform)
        if not uow.people.add_user(user):
            raise Conflict("An account with this e-mail address already exists.",
                           errors={"email": ["Already registered."]})
        uow.people.add_membership(Membership(user_id=user.id, organisation_id=platform.id, roles=(PLATFORM_ADMIN,)))
        uow.audit.record(SecurityEvent(action="platform-admin.created", occurred_at=now, actor_id=None,
                                       organisation_id=str(platform.id), subject=str(user.id),
                                       details={"roles": [PLATFORM_ADMIN]}))
        uow.commit()
    return platform, user
