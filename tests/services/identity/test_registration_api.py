"""Registering over HTTP asks the first member to verify their e-mail address, through the mailer."""
from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from procure.database import OUTBOX
from tests.support.procurement import PASSWORD, buyer_organisation

pytestmark = pytest.mark.integration


def _events_about(engine, subject: str) -> list[dict]:
    with engine.connect() as connection:
        bodies = connection.execute(sa.select(OUTBOX.c.body)).scalars()
        return [event for event in map(json.loads, bodies) if event["subject"] == subject]


def test_registering_requests_the_first_members_email_verification_without_the_link(identity_client,
                                                                                     identity_wiring):
    email = f"first-{uuid.uuid4().hex[:10]}@example.org"
    answer = identity_client.post("/v1/identity/registrations", json={
        "organisation": buyer_organisation(), "user": {"email": email, "name": "Camille", "password": PASSWORD}})
    assert answer.status_code == 201, answer.get_json()

    (requested,) = [event for event in _events_about(identity_wiring.context.engine, answer.get_json()["user_id"])
                    if event["type"] == "user.email-verification-requested"]
    assert requested["data"]["email"] == email
    assert "token" not in json.dumps(requested["data"]) and "http" not in json.dumps(requested["data"])
