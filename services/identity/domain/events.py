"""Facts the identity service publishes on `identity.events` (never a secret in them)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from procure.events.model import Event


@dataclass(frozen=True)
class OrganisationRegistered(Event):
    type = "organisation.registered"
    id: uuid.UUID
    name: str
    kind: str
    country: str
    first_user_id: uuid.UUID
