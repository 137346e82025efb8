"""E-mail verification and password reset through the real routes, with links fetched as the mailer does."""
from __future__ import annotations

import urllib.parse
import uuid

import jwt
import pytest

from tests.support.people import PASSWORD, a_person, an_organisation, outbox_events

pytestmark = pytest.mark.integration

ACCOUNTS = "/v1/identity/accounts"
NEW_PASSWORD = "another quite unusual phrase"


@pytest.fixture
def mailer(mint):
    return {"Authorization": mint(scope="identity:mail-links")}


def log_in(client, email, password=PASSWORD):
    return client.post("/v1/identity/token", data={"grant_type": "password", "username": email,
                                                   "password": password})


def link_token(client, mailer, delivery_id) -> str:
    response = client.get(f"{ACCOUNTS}/mail-links/{delivery_id}", headers=mailer)
    assert response.status_code == 200, response.json
    return urllib.parse.parse_qs(urllib.parse.urlparse(response.json["url"]).query)["token"][0]


def reset_requested(client, wiring, email) -> dict:
    assert client.post(f"{ACCOUNTS}/password-resets", json={"email": email}).status_code == 202
    return next(event for event in reversed(outbox_events(wiring, "user.password-reset-requested"))
                if event["email"] == email)


def test_asking_for_a_reset_of_an_unknown_address_answers_202_and_sends_nothing(identity_client, identity_wiring):
    email = f"{uuid.uuid4().hex}@nowhere.example"

    response = identity_client.post(f"{ACCOUNTS}/password-resets", json={"email": email})

    assert response.status_code == 202
    assert not [e for e in outbox_events(identity_wiring, "user.password-reset-requested") if e["email"] == email]


def test_the_reset_event_carries_a_delivery_id_and_never_the_link(identity_client, identity_wiring, mailer):
    person = a_person(identity_wiring)

    event = reset_requested(identity_client, identity_wiring, person.email)

    token = link_token(identity_client, mailer, event["delivery_id"])
    assert event["id"] == str(person.id)
    assert token not in str(event) and "url" not in event


def test_a_reset_link_sets_the_new_password_and_ends_every_session(identity_client, identity_wiring, mailer):
    organisation = an_organisation(identity_wiring)
    person = a_person(identity_wiring, organisation)
    old_refresh = log_in(identity_client, person.email).json["refresh_token"]
    token = link_token(identity_client, mailer,
                       reset_requested(identity_client, identity_wiring, person.email)["delivery_id"])

    response = identity_client.post(f"{ACCOUNTS}/password-resets/confirm",
                                    json={"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 204
    assert log_in(identity_client, person.email).status_code == 400
    assert log_in(identity_client, person.email, NEW_PASSWORD).status_code == 200
    refreshed = identity_client.post("/v1/identity/token",
                                     data={"grant_type": "refresh_token", "refresh_token": old_refresh})
    assert refreshed.status_code == 400


def test_a_reset_link_works_once_and_the_mailer_no_longer_sees_it(identity_client, identity_wiring, mailer):
    person = a_person(identity_wiring)
    event = reset_requested(identity_client, identity_wiring, person.email)
    token = link_token(identity_client, mailer, event["delivery_id"])
    identity_client.post(f"{ACCOUNTS}/password-resets/confirm", json={"token": token, "password": NEW_PASSWORD})

    again = identity_client.post(f"{ACCOUNTS}/password-resets/confirm",
                                 json={"token": token, "password": "yet another long phrase"})

    assert again.status_code == 422 and "token" in again.json["errors"]
    assert identity_client.get(f"{ACCOUNTS}/mail-links/{event['delivery_id']}", headers=mailer).status_code == 404


def test_a_reset_refuses_a_common_password(identity_client, identity_wiring, mailer):
    person = a_person(identity_wiring)
    token = link_token(identity_client, mailer,
                       reset_requested(identity_client, identity_wiring, person.email)["delivery_id"])

    response = identity_client.post(f"{ACCOUNTS}/password-resets/confirm",
                                    json={"token": token, "password": "Password1234"})

    assert response.status_code == 422 and "password" in response.json["errors"]


def test_a_reset_lifts_the_lock_on_the_account(identity_client, identity_wiring, mailer):
    person = a_person(identity_wiring, an_organisation(identity_wiring))
    for _ in range(8):
        log_in(identity_client, person.email, "not the password at all")
    assert "Retry-After" in log_in(identity_client, person.email).headers
    token = link_token(identity_client, mailer,
                       reset_requested(identity_client, identity_wiring, person.email)["delivery_id"])

    identity_client.post(f"{ACCOUNTS}/password-resets/confirm", json={"token": token, "password": NEW_PASSWORD})

    assert log_in(identity_client, person.email, NEW_PASSWORD).status_code == 200


@pytest.mark.parametrize("scope, status", [(None, 401), ("api", 403), ("identity:mail-links", 404)])
def test_only_the_mail_links_scope_reads_a_link(identity_client, mint, scope, status):
    headers = {"Authorization": mint(scope=scope)} if scope else {}

    response = identity_client.get(f"{ACCOUNTS}/mail-links/{uuid.uuid4()}", headers=headers)

    assert response.status_code == status


def test_a_new_account_logs_in_unverified_and_its_token_says_so(identity_client, identity_wiring):
    person = a_person(identity_wiring, an_organisation(identity_wiring), verified=False)

    claims = jwt.decode(log_in(identity_client, person.email).json["access_token"],
                        options={"verify_signature": False})

    assert claims["email_verified"] is False


def test_verifying_the_address_through_its_link(identity_client, identity_wiring, mailer, mint):
    organisation = an_organisation(identity_wiring)
    person = a_person(identity_wiring, organisation, verified=False)
    own = {"Authorization": mint(subject=str(person.id), organisation=organisation, roles=["buyer-agent"])}

    assert identity_client.post(f"{ACCOUNTS}/email-verifications", headers=own).status_code == 202
    event = next(e for e in reversed(outbox_events(identity_wiring, "user.email-verification-requested"))
                 if e["id"] == str(person.id))
    token = link_token(identity_client, mailer, event["delivery_id"])
    confirmed = identity_client.post(f"{ACCOUNTS}/email-verifications/confirm", json={"token": token})

    assert confirmed.status_code == 200 and confirmed.json["user_id"] == str(person.id)
    claims = jwt.decode(log_in(identity_client, person.email).json["access_token"],
                        options={"verify_signature": False})
    assert claims["email_verified"] is True
    assert identity_client.post(f"{ACCOUNTS}/email-verifications/confirm", json={"token": token}).status_code == 422


def test_a_verified_address_needs_no_new_link(identity_client, identity_wiring, mint):
    person = a_person(identity_wiring, verified=True)

    response = identity_client.post(f"{ACCOUNTS}/email-verifications",
                                    headers={"Authorization": mint(subject=str(person.id))})

    assert response.status_code == 409


@pytest.mark.parametrize("body", [{}, {"token": "short"}, {"token": "x" * 500}, {"token": 5}])
def test_a_malformed_confirmation_is_refused_as_invalid_input(identity_client, body):
    assert identity_client.post(f"{ACCOUNTS}/email-verifications/confirm", json=body).status_code == 422
