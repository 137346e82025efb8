"""Members and invitations of an organisation through the real routes: who may do what, and what it does."""
from __future__ import annotations

import urllib.parse
import uuid

import pytest

from tests.support.people import PASSWORD, a_person, an_organisation, outbox_events

pytestmark = pytest.mark.integration

ORGANISATIONS = "/v1/identity/organisations"
# persona -> (kind of its organisation, or "target" for the organisation under test; roles)
PERSONAS = {
    "supplier agent": ("supplier", ["supplier-agent"]), "supplier admin": ("supplier", ["supplier-admin"]),
    "buyer agent": ("target", ["buyer-agent"]), "buyer admin": ("target", ["buyer-admin"]),
    "opening committee": ("target", ["opening-committee"]), "platform admin": ("platform", ["platform-admin"]),
    "auditor": ("platform", ["auditor"]), "other organisation": ("buyer", ["buyer-admin"]),
}
ADMIN_ONLY = {"anonymous": 401, "supplier agent": 404, "supplier admin": 404, "buyer agent": 403,
              "buyer admin": "ok", "opening committee": 403, "platform admin": 404, "auditor": 404,
              "other organisation": 404}
READERS = {**ADMIN_ONLY, "buyer agent": "ok", "opening committee": "ok", "platform admin": "ok", "auditor": "ok"}


@pytest.fixture
def buyer(identity_wiring):
    organisation = an_organisation(identity_wiring)
    admin = a_person(identity_wiring, organisation, ["buyer-admin"])
    agent = a_person(identity_wiring, organisation, ["buyer-agent"])
    return organisation, admin, agent


def headers_of(mint, persona: str, organisation) -> dict:
    if persona == "anonymous":
        return {}
    kind, roles = PERSONAS[persona]
    return {"Authorization": mint(roles=roles, organisation=organisation if kind == "target" else uuid.uuid4())}


def admin_headers(mint, organisation, admin) -> dict:
    return {"Authorization": mint(roles=["buyer-admin"], organisation=organisation, subject=str(admin.id))}


def invite(client, mint, organisation, admin, email, roles=("buyer-agent",)):
    return client.post(f"{ORGANISATIONS}/{organisation}/invitations", json={"email": email, "roles": list(roles)},
                       headers=admin_headers(mint, organisation, admin))


def invitation_token(client, wiring, mint, invitation_id) -> str:
    event = next(e for e in outbox_events(wiring, "user.invited") if e["id"] == invitation_id)
    link = client.get(f"/v1/identity/accounts/mail-links/{event['delivery_id']}",
                      headers={"Authorization": mint(scope="identity:mail-links")})
    return urllib.parse.parse_qs(urllib.parse.urlparse(link.json["url"]).query)["token"][0]


def expected(rule, ok_status):
    return ok_status if rule == "ok" else rule


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_persona_listing_members(identity_client, mint, buyer, persona):
    organisation, _, _ = buyer
    response = identity_client.get(f"{ORGANISATIONS}/{organisation}/members",
                                   headers=headers_of(mint, persona, organisation))
    assert response.status_code == expected(READERS[persona], 200)


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_persona_changing_roles(identity_client, mint, buyer, persona):
    organisation, _, agent = buyer
    response = identity_client.patch(f"{ORGANISATIONS}/{organisation}/members/{agent.id}",
                                     json={"roles": ["buyer-agent", "opening-committee"]},
                                     headers=headers_of(mint, persona, organisation))
    assert response.status_code == expected(ADMIN_ONLY[persona], 200)


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_persona_removing_a_member(identity_client, mint, buyer, persona):
    organisation, _, agent = buyer
    response = identity_client.delete(f"{ORGANISATIONS}/{organisation}/members/{agent.id}",
                                      headers=headers_of(mint, persona, organisation))
    assert response.status_code == expected(ADMIN_ONLY[persona], 204)


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_persona_inviting(identity_client, mint, buyer, persona):
    organisation, _, _ = buyer
    response = identity_client.post(f"{ORGANISATIONS}/{organisation}/invitations",
                                    json={"email": f"{uuid.uuid4().hex}@new.example", "roles": ["buyer-agent"]},
                                    headers=headers_of(mint, persona, organisation))
    assert response.status_code == expected(ADMIN_ONLY[persona], 201)


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_persona_listing_invitations(identity_client, mint, buyer, persona):
    organisation, _, _ = buyer
    response = identity_client.get(f"{ORGANISATIONS}/{organisation}/invitations",
                                   headers=headers_of(mint, persona, organisation))
    assert response.status_code == expected(ADMIN_ONLY[persona], 200)


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_persona_revoking_an_invitation(identity_client, mint, buyer, persona):
    organisation, admin, _ = buyer
    invitation = invite(identity_client, mint, organisation, admin, f"{uuid.uuid4().hex}@new.example").json
    response = identity_client.delete(f"{ORGANISATIONS}/{organisation}/invitations/{invitation['id']}",
                                      headers=headers_of(mint, persona, organisation))
    assert response.status_code == expected(ADMIN_ONLY[persona], 204)


def test_members_are_listed_with_their_roles_a_page_at_a_time(identity_client, mint, buyer):
    organisation, admin, agent = buyer
    headers = admin_headers(mint, organisation, admin)

    first = identity_client.get(f"{ORGANISATIONS}/{organisation}/members?limit=1", headers=headers).json
    second = identity_client.get(f"{ORGANISATIONS}/{organisation}/members?limit=1&cursor={first['next_cursor']}",
                                 headers=headers).json

    listed = {item["user_id"]: item["roles"] for item in first["items"] + second["items"]}
    assert listed == {str(admin.id): ["buyer-admin"], str(agent.id): ["buyer-agent"]}
    assert second["next_cursor"] is None


def test_a_role_of_another_kind_of_organisation_is_refused(identity_client, mint, buyer):
    organisation, admin, agent = buyer

    response = identity_client.patch(f"{ORGANISATIONS}/{organisation}/members/{agent.id}",
                                     json={"roles": ["supplier-agent"]},
                                     headers=admin_headers(mint, organisation, admin))

    assert response.status_code == 422 and "roles" in response.json["errors"]


def test_the_last_administrator_cannot_step_down_or_leave(identity_client, mint, buyer):
    organisation, admin, _ = buyer
    headers = admin_headers(mint, organisation, admin)

    demoted = identity_client.patch(f"{ORGANISATIONS}/{organisation}/members/{admin.id}",
                                    json={"roles": ["buyer-agent"]}, headers=headers)
    removed = identity_client.delete(f"{ORGANISATIONS}/{organisation}/members/{admin.id}", headers=headers)

    assert (demoted.status_code, removed.status_code) == (409, 409)


def test_a_role_change_is_published_with_before_and_after(identity_client, identity_wiring, mint, buyer):
    organisation, admin, agent = buyer

    identity_client.patch(f"{ORGANISATIONS}/{organisation}/members/{agent.id}",
                          json={"roles": ["buyer-admin"]}, headers=admin_headers(mint, organisation, admin))

    event = [e for e in outbox_events(identity_wiring, "membership.changed") if e["user_id"] == str(agent.id)][-1]
    assert event == {"organisation_id": str(organisation), "user_id": str(agent.id),
                     "roles_before": ["buyer-agent"], "roles_after": ["buyer-admin"], "changed_by": str(admin.id)}


def test_a_removed_member_can_no_longer_refresh_their_session(identity_client, mint, buyer):
    organisation, admin, agent = buyer
    session = identity_client.post("/v1/identity/token", data={"grant_type": "password", "username": agent.email,
                                                               "password": PASSWORD}).json

    identity_client.delete(f"{ORGANISATIONS}/{organisation}/members/{agent.id}",
                           headers=admin_headers(mint, organisation, admin))

    refreshed = identity_client.post("/v1/identity/token", data={"grant_type": "refresh_token",
                                                                 "refresh_token": session["refresh_token"]})
    assert refreshed.status_code == 400


def test_a_new_person_joins_by_invitation_and_logs_in(identity_client, identity_wiring, mint, buyer):
    organisation, admin, _ = buyer
    email = f"{uuid.uuid4().hex}@new.example"
    invitation = invite(identity_client, mint, organisation, admin, email, ["buyer-agent"]).json
    token = invitation_token(identity_client, identity_wiring, mint, invitation["id"])

    joined = identity_client.post("/v1/identity/accounts/invitations/accept",
                                  json={"token": token, "name": "Bea", "password": PASSWORD})

    assert joined.status_code == 201 and joined.json["roles"] == ["buyer-agent"]
    logged_in = identity_client.post("/v1/identity/token", data={"grant_type": "password", "username": email,
                                                                 "password": PASSWORD})
    assert logged_in.json["organisation_id"] == str(organisation)
    again = identity_client.post("/v1/identity/accounts/invitations/accept",
                                 json={"token": token, "name": "Bea", "password": PASSWORD})
    assert again.status_code == 422


def test_someone_with_an_account_accepts_with_their_own_token(identity_client, identity_wiring, mint, buyer):
    organisation, admin, _ = buyer
    elsewhere = a_person(identity_wiring, an_organisation(identity_wiring, "supplier"), ["supplier-admin"])
    invitation = invite(identity_client, mint, organisation, admin, elsewhere.email.upper()).json
    token = invitation_token(identity_client, identity_wiring, mint, invitation["id"])
    without_token = identity_client.post("/v1/identity/accounts/invitations/accept",
                                         json={"token": token, "name": "X", "password": PASSWORD})

    joined = identity_client.post("/v1/identity/accounts/invitations/accept", json={"token": token},
                                  headers={"Authorization": mint(subject=str(elsewhere.id))})

    assert without_token.status_code == 409
    assert joined.status_code == 201 and joined.json["user_id"] == str(elsewhere.id)


def test_an_invitation_cannot_be_accepted_with_someone_elses_token(identity_client, identity_wiring, mint, buyer):
    organisation, admin, agent = buyer
    invitation = invite(identity_client, mint, organisation, admin, f"{uuid.uuid4().hex}@new.example").json
    token = invitation_token(identity_client, identity_wiring, mint, invitation["id"])

    response = identity_client.post("/v1/identity/accounts/invitations/accept", json={"token": token},
                                    headers={"Authorization": mint(subject=str(agent.id))})

    assert response.status_code == 403


def test_a_revoked_invitation_cannot_be_accepted(identity_client, identity_wiring, mint, buyer):
    organisation, admin, _ = buyer
    invitation = invite(identity_client, mint, organisation, admin, f"{uuid.uuid4().hex}@new.example").json
    token = invitation_token(identity_client, identity_wiring, mint, invitation["id"])
    identity_client.delete(f"{ORGANISATIONS}/{organisation}/invitations/{invitation['id']}",
                           headers=admin_headers(mint, organisation, admin))

    response = identity_client.post("/v1/identity/accounts/invitations/accept",
                                    json={"token": token, "name": "Bea", "password": PASSWORD})

    assert response.status_code == 422


def test_the_invitation_event_names_the_person_and_roles_but_carries_no_link(identity_client, identity_wiring,
                                                                            mint, buyer):
    organisation, admin, _ = buyer
    email = f"{uuid.uuid4().hex}@new.example"
    invitation = invite(identity_client, mint, organisation, admin, email, ["opening-committee"]).json

    event = next(e for e in outbox_events(identity_wiring, "user.invited") if e["id"] == invitation["id"])

    assert (event["email"], event["roles"], event["organisation_id"]) == (email, ["opening-committee"],
                                                                          str(organisation))
    assert invitation_token(identity_client, identity_wiring, mint, invitation["id"]) not in str(event)


def test_inviting_a_current_member_is_a_conflict(identity_client, mint, buyer):
    organisation, admin, agent = buyer

    assert invite(identity_client, mint, organisation, admin, agent.email).status_code == 409
