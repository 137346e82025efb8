"""People and organisations written straight into the identity database, for account and member tests."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from functools import cache

import sqlalchemy as sa

from services.identity.adapters.passwords import hash_password
from services.identity.adapters.tables.organisations import organisations
from services.identity.domain.people import Membership, User

PASSWORD = "a long and unusual passphrase"


@cache
def password_hash() -> str:
    return hash_password(PASSWORD)  # argon2 is slow on purpose: hash once


def an_organisation(wiring, kind: str = "buyer") -> uuid.UUID:
    organisation_id = uuid.uuid4()
    with wiring.unit_of_work() as uow:
        uow.session.execute(sa.insert(organisations).values(
            id=organisation_id, name=f"Organisation {organisation_id.hex[:6]}", kind=kind, country="BE",
            created_at=datetime.now(timezone.utc)))
        uow.commit()
    return organisation_id


def a_person(wiring, organisation_id: uuid.UUID | None = None, roles=("buyer-agent",), *,
             verified: bool = True, email: str | None = None) -> User:
    now = datetime.now(timezone.utc)
    user = User(id=uuid.uuid4(), email=email or f"{uuid.uuid4().hex[:10]}@people.example", name="Someone",
                password_hash=password_hash(), created_at=now, email_verified_at=now if verified else None)
    with wiring.unit_of_work() as uow:
        assert uow.people.add_user(user)
        if organisation_id is not None:
            uow.people.add_membership(Membership(user.id, organisation_id, tuple(roles)))
        uow.commit()
    return user


def outbox_events(wiring, routing_key: str) -> list[dict]:
    """The `data` of every event of that type in the outbox, oldest first."""
    import json

    from procure.events.tables import outbox_table
    table = outbox_table(sa.MetaData())
    with wiring.unit_of_work() as uow:
        bodies = uow.session.execute(sa.select(table.c.body).where(table.c.routing_key == routing_key)
                                     .order_by(table.c.position)).scalars().all()
    return [(json.loads(body) if isinstance(body, (str, bytes)) else body)["data"] for body in bodies]
