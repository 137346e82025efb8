"""Who may call each account route: one's own account for every person, public routes for anyone."""
from __future__ import annotations

import uuid

import pytest

from tests.support.people import a_person, an_organisation

pytestmark = pytest.mark.integration

ACCOUNTS = "/v1/identity/accounts"
PERSONAS = {"supplier agent": ("supplier", "supplier-agent"), "supplier admin": ("supplier", "supplier-admin"),
            "buyer agent": ("buyer", "buyer-agent"), "buyer admin": ("buyer", "buyer-admin"),
            "opening committee": ("buyer", "opening-committee"), "platform admin": ("platform", "platform-admin"),
            "auditor": ("platform", "auditor"), "other organisation": ("buyer", "buyer-admin")}
# route -> (method, path, body, status for anonymous, status for every persona on their own account)
ROUTES = {
    "request verification": ("post", "/email-verifications", None, 401, 202),
    "enrol second factor": ("post", "/totp", None, 401, 201),
    "read a mail link": ("get", f"/mail-links/{uuid.uuid4()}", None, 401, 403),
    "ask for a reset": ("post", "/password-resets", {"email": "someone@nowhere.example"}, 202, 202),
    "confirm a reset": ("post", "/password-resets/confirm", {"token": "z" * 43, "password": "x" * 20}, 422, 422),
    "confirm an address": ("post", "/email-verifications/confirm", {"token": "z" * 43}, 422, 422),
}


def call(client, route, headers):
    method, path, body, _, _ = ROUTES[route]
    return getattr(client, method)(ACCOUNTS + path, json=body, headers=headers)


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous(identity_client, route):
    assert call(identity_client, route, {}).status_code == ROUTES[route][3]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES)
def test_persona_on_their_own_account(identity_client, identity_wiring, mint, route, persona):
    kind, role = PERSONAS[persona]
    organisation = an_organisation(identity_wiring, kind)
    person = a_person(identity_wiring, organisation, [role], verified=False)
    headers = {"Authorization": mint(roles=[role], organisation=organisation, subject=str(person.id))}

    assert call(identity_client, route, headers).status_code == ROUTES[route][4]


def test_an_api_clients_token_has_no_account(identity_client, mint):
    headers = {"Authorization": mint(roles=[], subject="client-7f3a", scope="api")}

    assert identity_client.post(f"{ACCOUNTS}/totp", headers=headers).status_code == 403
