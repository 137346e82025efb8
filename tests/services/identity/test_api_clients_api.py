"""`/v1/identity/api-clients` on the real app and database: who may manage clients, and secrets shown once."""
from __future__ import annotations

import hashlib
import uuid

import pytest
import sqlalchemy as sa

from services.identity.adapters.tables.clients import api_clients
from services.identity.domain.organisations import Organisation, OrganisationKind
from services.identity.service.clock import utc_now

pytestmark = pytest.mark.integration

PATH = "/v1/identity/api-clients"


def an_organisation(wiring, kind: str) -> uuid.UUID:
    organisation = Organisation(id=uuid.uuid4(), name=f"{kind} {uuid.uuid4().hex[:8]}",
                                kind=OrganisationKind(kind), country="BE", created_at=utc_now())
    with wiring.unit_of_work() as uow:
        uow.organisations.add(organisation)
        uow.commit()
    return organisation.id


@pytest.fixture(scope="module")
def buyer(identity_wiring) -> uuid.UUID:
    return an_organisation(identity_wiring, "buyer")


@pytest.fixture(scope="module")
def supplier(identity_wiring) -> uuid.UUID:
    return an_organisation(identity_wiring, "supplier")


@pytest.fixture(scope="module")
def platform(identity_wiring) -> uuid.UUID:
    return an_organisation(identity_wiring, "platform")


@pytest.fixture(scope="module")
def other_buyer(identity_wiring) -> uuid.UUID:
    return an_organisation(identity_wiring, "buyer")


@pytest.fixture
def buyer_admin(mint, buyer) -> dict:
    return {"Authorization": mint(roles=["buyer-admin"], organisation=buyer)}


def create(http, headers, scopes=("notices:read",), name="ERP"):
    return http.post(PATH, json={"name": name, "scopes": list(scopes)}, headers=headers)


def stored_row(wiring, client_id: str) -> dict:
    with wiring.unit_of_work() as uow:
        return dict(uow.session.execute(sa.select(api_clients).where(
            api_clients.c.id == uuid.UUID(client_id))).mappings().one())


def test_creating_a_client_shows_its_secret_once(identity_client, buyer_admin):
    created = create(identity_client, buyer_admin)

    body = created.get_json()
    assert created.status_code == 201
    assert created.headers["Cache-Control"] == "no-store"
    assert created.headers["Location"] == f"{PATH}/{body['id']}"
    assert body["client_id"] == body["id"] and body["status"] == "active"
    assert body["client_secret"].startswith("pcs_")
    read = identity_client.get(f"{PATH}/{body['id']}", headers=buyer_admin).get_json()
    listed = identity_client.get(PATH, headers=buyer_admin).get_json()["items"]
    assert "client_secret" not in read and all("client_secret" not in item for item in listed)
    assert "secret_hash" not in read


def test_the_database_holds_only_a_hash_of_the_secret(identity_client, identity_wiring, buyer_admin):
    body = create(identity_client, buyer_admin).get_json()

    row = stored_row(identity_wiring, body["id"])
    assert row["secret_hash"] == hashlib.sha256(body["client_secret"].encode()).hexdigest()
    assert body["client_secret"] not in repr(row)


def test_rotating_answers_a_new_secret_and_stores_its_hash(identity_client, identity_wiring, buyer_admin):
    body = create(identity_client, buyer_admin).get_json()

    rotated = identity_client.post(f"{PATH}/{body['id']}/secret", headers=buyer_admin)

    new_secret = rotated.get_json()["client_secret"]
    assert rotated.status_code == 200 and rotated.headers["Cache-Control"] == "no-store"
    assert new_secret != body["client_secret"]
    assert stored_row(identity_wiring, body["id"])["secret_hash"] == hashlib.sha256(new_secret.encode()).hexdigest()


def test_revoking_keeps_the_client_visible_as_revoked(identity_client, buyer_admin):
    body = create(identity_client, buyer_admin).get_json()

    assert identity_client.delete(f"{PATH}/{body['id']}", headers=buyer_admin).status_code == 204
    assert identity_client.delete(f"{PATH}/{body['id']}", headers=buyer_admin).status_code == 204
    read = identity_client.get(f"{PATH}/{body['id']}", headers=buyer_admin).get_json()
    assert read["status"] == "revoked" and read["revoked_at"]
    assert identity_client.post(f"{PATH}/{body['id']}/secret", headers=buyer_admin).status_code == 409


@pytest.mark.parametrize(("role", "scope"), [("buyer-admin", "bids:write"), ("supplier-admin", "notices:write"),
                                             ("buyer-admin", "identity:mail-links")])
def test_a_scope_that_does_not_fit_the_organisation_is_refused(identity_client, mint, buyer, supplier, role, scope):
    organisation = buyer if role == "buyer-admin" else supplier
    answer = create(identity_client, {"Authorization": mint(roles=[role], organisation=organisation)}, [scope])
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"scopes": [f"Not grantable here: {scope}."]}


@pytest.mark.parametrize("body", [{"name": "ERP", "scopes": ["everything"]}, {"name": "ERP", "scopes": []},
                                  {"name": "", "scopes": ["notices:read"]}, {"name": "x" * 101, "scopes": ["notices:read"]},
                                  {"scopes": ["notices:read"]}, {"name": "ERP", "scopes": "notices:read"}])
def test_a_malformed_creation_is_invalid_input(identity_client, buyer_admin, body):
    answer = identity_client.post(PATH, json=body, headers=buyer_admin)
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"


def test_the_list_pages_with_a_cursor_and_holds_only_the_organisations_clients(identity_client, mint,
                                                                              identity_wiring):
    mine = {"Authorization": mint(roles=["supplier-admin"], organisation=an_organisation(identity_wiring, "supplier"))}
    ids = {create(identity_client, mine, name=f"ERP {n}").get_json()["id"] for n in range(3)}

    first = identity_client.get(f"{PATH}?limit=2", headers=mine).get_json()
    second = identity_client.get(f"{PATH}?limit=2&cursor={first['next_cursor']}", headers=mine).get_json()

    assert [len(first["items"]), len(second["items"])] == [2, 1]
    assert {item["id"] for item in first["items"] + second["items"]} == ids
    assert second["next_cursor"] is None


def test_a_bad_cursor_is_invalid_input(identity_client, buyer_admin):
    assert identity_client.get(f"{PATH}?cursor=nonsense", headers=buyer_admin).status_code == 422


def test_an_unknown_client_is_not_found(identity_client, buyer_admin):
    assert identity_client.get(f"{PATH}/{uuid.uuid4()}", headers=buyer_admin).status_code == 404


# --- who may do what -------------------------------------------------------------------------------------
# The client under test belongs to the buyer. Admins of other organisations may manage their own
# clients, but the buyer's answers them 404, as if it did not exist.
PERSONAS = {
    "anonymous": (None, None),
    "supplier agent": (["supplier-agent"], "supplier"),
    "supplier admin": (["supplier-admin"], "supplier"),
    "buyer agent": (["buyer-agent"], "buyer"),
    "buyer admin": (["buyer-admin"], "buyer"),
    "opening committee": (["opening-committee"], "buyer"),
    "platform admin": (["platform-admin"], "platform"),
    "auditor": (["auditor"], "platform"),
    "another organisation's admin": (["buyer-admin"], "other_buyer"),
    "an API client of the buyer": ([], "buyer"),
}
ACTIONS = ("list", "create", "read", "rotate", "revoke")
MANAGES_OWN = {"list": 200, "create": 201, "read": 404, "rotate": 404, "revoke": 404}
MATRIX = {
    "anonymous": dict.fromkeys(ACTIONS, 401),
    "supplier agent": dict.fromkeys(ACTIONS, 403),
    "supplier admin": MANAGES_OWN,
    "buyer agent": dict.fromkeys(ACTIONS, 403),
    "buyer admin": {"list": 200, "create": 201, "read": 200, "rotate": 200, "revoke": 204},
    "opening committee": dict.fromkeys(ACTIONS, 403),
    "platform admin": MANAGES_OWN,
    "auditor": dict.fromkeys(ACTIONS, 403),
    "another organisation's admin": MANAGES_OWN,
    "an API client of the buyer": dict.fromkeys(ACTIONS, 403),
}
CELLS = [(persona, action, status) for persona, row in MATRIX.items() for action, status in row.items()]


@pytest.mark.parametrize(("persona", "action", "expected"), CELLS)
def test_persona_matrix(identity_client, mint, request, buyer_admin, persona, action, expected):
    roles, organisation = PERSONAS[persona]
    headers = {}
    if roles is not None:
        scope = "notices:read" if not roles else "api"
        headers["Authorization"] = mint(roles=roles, organisation=request.getfixturevalue(organisation), scope=scope)
    client_id = create(identity_client, buyer_admin).get_json()["id"]
    calls = {
        "list": lambda: identity_client.get(PATH, headers=headers),
        "create": lambda: create(identity_client, headers),
        "read": lambda: identity_client.get(f"{PATH}/{client_id}", headers=headers),
        "rotate": lambda: identity_client.post(f"{PATH}/{client_id}/secret", headers=headers),
        "revoke": lambda: identity_client.delete(f"{PATH}/{client_id}", headers=headers),
    }

    answer = calls[action]()

    assert answer.status_code == expected, answer.get_data(as_text=True)
    if expected == 200 and action == "list":
        assert all(item["organisation_id"] == str(request.getfixturevalue(organisation))
                   for item in answer.get_json()["items"])
    if expected >= 400:
        assert "client_secret" not in answer.get_data(as_text=True)
