"""`POST /v1/identity/token` with `grant_type=client_credentials` on the real app: RFC 6749 answers."""
from __future__ import annotations

import base64
import uuid
from urllib.parse import quote_plus

import pytest
import sqlalchemy as sa

from procure.tokens import JwksCache, TokenVerifier
from services.identity.adapters.tables.audit import security_events
from services.identity.domain.organisations import Organisation, OrganisationKind
from services.identity.service.clock import utc_now

pytestmark = pytest.mark.integration

TOKEN = "/v1/identity/token"
CLIENTS = "/v1/identity/api-clients"
SCOPES = ["documents:read", "notices:read", "notices:write"]


@pytest.fixture(scope="module")
def buyer(identity_wiring) -> uuid.UUID:
    organisation = Organisation(id=uuid.uuid4(), name="Province de Namur", kind=OrganisationKind.BUYER,
                                country="BE", created_at=utc_now())
    with identity_wiring.unit_of_work() as uow:
        uow.organisations.add(organisation)
        uow.commit()
    return organisation.id


@pytest.fixture
def admin(mint, buyer) -> dict:
    return {"Authorization": mint(roles=["buyer-admin"], organisation=buyer)}


@pytest.fixture
def client(identity_client, admin) -> dict:
    created = identity_client.post(CLIENTS, json={"name": "ERP", "scopes": SCOPES}, headers=admin)
    assert created.status_code == 201
    return created.get_json()


def basic(client_id: str, secret: str) -> dict:
    # RFC 6749 2.3.1: each part is form-urlencoded, then joined and base64-encoded.
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def ask(http, form: dict, headers: dict | None = None):
    return http.post(TOKEN, data=form, headers=headers or {})


def oauth_error(answer) -> str:
    assert answer.mimetype == "application/problem+json"
    return answer.get_json()["error"]


def test_client_secret_basic_gets_a_token_the_kit_verifies(identity_client, identity_wiring, identity_settings,
                                                          client, buyer):
    answer = ask(identity_client, {"grant_type": "client_credentials"}, basic(client["client_id"],
                                                                             client["client_secret"]))

    body = answer.get_json()
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert body["token_type"] == "Bearer" and body["scope"] == " ".join(SCOPES)
    assert "refresh_token" not in body
    verifier = TokenVerifier(JwksCache(identity_wiring.signing_keys.jwks), issuer=identity_settings.issuer,
                             audience=identity_settings.audience)
    principal = verifier.verify(body["access_token"])
    assert principal.subject == f"client:{client['id']}" and principal.organisation == str(buyer)
    assert principal.scopes == frozenset(SCOPES) and principal.roles == frozenset()
    assert principal.claims["client_id"] == client["id"]


def test_client_secret_post_gets_a_token_narrowed_to_the_scope_asked(identity_client, client):
    answer = ask(identity_client, {"grant_type": "client_credentials", "client_id": client["client_id"],
                                   "client_secret": client["client_secret"], "scope": "notices:read"})

    assert answer.status_code == 200
    assert answer.get_json()["scope"] == "notices:read"


def test_the_client_token_is_accepted_by_the_identity_service_itself(identity_client, client):
    access = ask(identity_client, {"grant_type": "client_credentials"},
                 basic(client["client_id"], client["client_secret"])).get_json()["access_token"]

    me = identity_client.get("/v1/identity/me", headers={"Authorization": f"Bearer {access}"})

    assert me.status_code == 200 and me.get_json()["user_id"] == f"client:{client['id']}"


def test_a_wrong_secret_is_invalid_client_with_a_basic_challenge(identity_client, client):
    answer = ask(identity_client, {"grant_type": "client_credentials"}, basic(client["client_id"], "pcs_wrong"))

    assert answer.status_code == 401
    assert oauth_error(answer) == "invalid_client"
    assert answer.headers["WWW-Authenticate"].startswith("Basic realm=")


def test_a_revoked_client_is_invalid_client(identity_client, client, admin):
    assert identity_client.delete(f"{CLIENTS}/{client['id']}", headers=admin).status_code == 204

    answer = ask(identity_client, {"grant_type": "client_credentials"},
                 basic(client["client_id"], client["client_secret"]))

    assert answer.status_code == 401 and oauth_error(answer) == "invalid_client"


def test_after_rotation_the_old_secret_is_refused_and_the_new_one_works(identity_client, client, admin):
    new_secret = identity_client.post(f"{CLIENTS}/{client['id']}/secret", headers=admin).get_json()["client_secret"]

    old = ask(identity_client, {"grant_type": "client_credentials"}, basic(client["client_id"], client["client_secret"]))
    new = ask(identity_client, {"grant_type": "client_credentials"}, basic(client["client_id"], new_secret))

    assert old.status_code == 401 and oauth_error(old) == "invalid_client"
    assert new.status_code == 200


def test_a_scope_beyond_the_clients_is_invalid_scope(identity_client, client):
    answer = ask(identity_client, {"grant_type": "client_credentials", "scope": "notices:read bids:read"},
                 basic(client["client_id"], client["client_secret"]))

    assert answer.status_code == 400 and oauth_error(answer) == "invalid_scope"


def test_an_unsupported_grant_is_unsupported_grant_type(identity_client):
    answer = ask(identity_client, {"grant_type": "authorization_code", "code": "abc"})

    assert answer.status_code == 400 and oauth_error(answer) == "unsupported_grant_type"


@pytest.mark.parametrize("form", [{}, {"grant_type": "password", "username": "a@b.example"},
                                  {"grant_type": "refresh_token"},
                                  {"grant_type": "client_credentials", "scope": "two  spaces"}])
def test_a_malformed_request_is_invalid_request(identity_client, form):
    answer = ask(identity_client, form)

    assert answer.status_code == 400 and oauth_error(answer) == "invalid_request"


def test_authenticating_twice_is_invalid_request(identity_client, client):
    answer = ask(identity_client, {"grant_type": "client_credentials", "client_id": client["client_id"],
                                   "client_secret": client["client_secret"]},
                 basic(client["client_id"], client["client_secret"]))

    assert answer.status_code == 400 and oauth_error(answer) == "invalid_request"


def test_no_client_authentication_is_invalid_client(identity_client):
    answer = ask(identity_client, {"grant_type": "client_credentials"})

    assert answer.status_code == 401 and oauth_error(answer) == "invalid_client"


def test_a_bearer_token_is_no_client_authentication(identity_client, admin):
    answer = ask(identity_client, {"grant_type": "client_credentials"}, admin)

    assert answer.status_code == 401 and oauth_error(answer) == "invalid_client"


def test_the_password_grant_accepts_a_totp_code_field(identity_client):
    answer = ask(identity_client, {"grant_type": "password", "username": f"nobody-{uuid.uuid4().hex}@nowhere.example",
                                   "password": "not a password of anyone", "totp_code": "123456"})

    assert answer.status_code == 400 and oauth_error(answer) == "invalid_grant"


def audited_actions(wiring, client_id: str) -> list[str]:
    with wiring.unit_of_work() as uow:
        return list(uow.session.execute(sa.select(security_events.c.action).where(
            security_events.c.subject == client_id).order_by(security_events.c.seq)).scalars())


def test_the_life_of_a_client_is_in_the_audit_log_refusals_included(identity_client, identity_wiring, client,
                                                                    admin):
    ask(identity_client, {"grant_type": "client_credentials"}, basic(client["client_id"], client["client_secret"]))
    ask(identity_client, {"grant_type": "client_credentials"}, basic(client["client_id"], "pcs_wrong"))
    identity_client.post(f"{CLIENTS}/{client['id']}/secret", headers=admin)
    identity_client.delete(f"{CLIENTS}/{client['id']}", headers=admin)

    assert audited_actions(identity_wiring, client["id"]) == [
        "api-client.created", "token.client-credentials", "token.client-credentials-refused",
        "api-client.secret-rotated", "api-client.revoked"]
