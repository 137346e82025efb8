"""`POST /v1/identity/revoke` (RFC 7009) on the real app: logging out ends the session for good."""
from __future__ import annotations

import pytest

from tests.support.people import PASSWORD, a_person, an_organisation

pytestmark = pytest.mark.integration

TOKEN = "/v1/identity/token"
REVOKE = "/v1/identity/revoke"


@pytest.fixture(scope="module")
def email(identity_wiring) -> str:
    return a_person(identity_wiring, an_organisation(identity_wiring)).email


def log_in(http, email: str) -> dict:
    answer = http.post(TOKEN, data={"grant_type": "password", "username": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def refresh(http, refresh_token: str):
    return http.post(TOKEN, data={"grant_type": "refresh_token", "refresh_token": refresh_token})


def test_after_logging_out_the_refresh_token_no_longer_works(identity_client, email):
    tokens = log_in(identity_client, email)

    answer = identity_client.post(REVOKE, data={"token": tokens["refresh_token"],
                                                "token_type_hint": "refresh_token"})

    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    refused = refresh(identity_client, tokens["refresh_token"])
    assert refused.status_code == 400 and refused.get_json()["error"] == "invalid_grant"


def test_logging_out_with_an_older_token_of_the_session_ends_the_newest_too(identity_client, email):
    first = log_in(identity_client, email)
    second = refresh(identity_client, first["refresh_token"]).get_json()

    assert identity_client.post(REVOKE, data={"token": first["refresh_token"]}).status_code == 200

    assert refresh(identity_client, second["refresh_token"]).get_json()["error"] == "invalid_grant"


def test_logging_out_leaves_the_persons_other_sessions_alive(identity_client, email):
    phone, laptop = log_in(identity_client, email), log_in(identity_client, email)

    identity_client.post(REVOKE, data={"token": phone["refresh_token"]})

    assert refresh(identity_client, laptop["refresh_token"]).status_code == 200


def test_revoking_an_unknown_token_answers_success(identity_client):
    assert identity_client.post(REVOKE, data={"token": "never-issued"}).status_code == 200


def test_access_tokens_cannot_be_revoked(identity_client, email):
    answer = identity_client.post(REVOKE, data={"token": log_in(identity_client, email)["access_token"],
                                                "token_type_hint": "access_token"})

    assert answer.status_code == 400 and answer.get_json()["error"] == "unsupported_token_type"


def test_a_revocation_without_a_token_is_invalid_request(identity_client):
    answer = identity_client.post(REVOKE, data={"token_type_hint": "refresh_token"})

    assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_request"


def test_a_json_revocation_body_is_read_as_no_form_at_all(identity_client):
    answer = identity_client.post(REVOKE, json={"token": "never-issued"})

    assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_request"
