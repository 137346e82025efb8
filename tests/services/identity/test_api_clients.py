"""Organisation admins create API clients with scopes their kind of organisation may grant; secrets are shown once."""
from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from procure.errors import Conflict, InvalidInput, NotFound
from services.identity.domain.api_clients import (GRANTABLE_SCOPES, SCOPES, InvalidScope, check_grantable,
                                                  granted_scopes, secret_matches)
from services.identity.domain.commands import CreateApiClient, RevokeApiClient, RotateApiClientSecret
from services.identity.domain.organisations import Organisation, OrganisationKind
from services.identity.service import api_clients
from tests.services.identity.fakes import FakeIdentityStore, FakeIdentityUnitOfWork

pytestmark = pytest.mark.unit

NOW = datetime(2030, 1, 15, 10, 0, tzinfo=timezone.utc)
ADMIN = str(uuid.uuid4())


@pytest.fixture
def store() -> FakeIdentityStore:
    return FakeIdentityStore()


def an_organisation(store, kind=OrganisationKind.BUYER) -> uuid.UUID:
    organisation = Organisation(id=uuid.uuid4(), name="Ville de Namur", kind=kind, country="BE", created_at=NOW)
    store.tables.organisations[organisation.id] = organisation
    return organisation.id


def create(store, organisation_id, scopes=("notices:read",), name="ERP", at=NOW):
    command = CreateApiClient(organisation_id=organisation_id, name=name, scopes=tuple(scopes), created_by=ADMIN)
    return api_clients.create(command, FakeIdentityUnitOfWork(store), clock=lambda: at)


def stored_clients(store) -> dict:
    return store.tables.more.get("api_clients", {})


def test_every_scope_a_kind_may_grant_is_in_the_vocabulary():
    assert all(scopes <= SCOPES.keys() for scopes in GRANTABLE_SCOPES.values())


@pytest.mark.parametrize(("kind", "scope"), [("buyer", "bids:write"), ("supplier", "notices:write"),
                                             ("buyer", "identity:mail-links"), ("supplier", "audit:read")])
def test_an_organisation_cannot_grant_a_scope_that_does_not_fit_its_kind(kind, scope):
    with pytest.raises(InvalidInput) as refused:
        check_grantable([scope], kind)
    assert refused.value.errors == {"scopes": [f"Not grantable here: {scope}."]}


def test_only_the_platform_may_grant_the_mail_links_scope():
    assert check_grantable(["identity:mail-links"], "platform") == ("identity:mail-links",)


def test_an_organisation_of_an_unknown_kind_grants_nothing():
    with pytest.raises(InvalidInput):
        check_grantable(["notices:read"], "cooperative")


def test_a_client_needs_at_least_one_scope():
    with pytest.raises(InvalidInput):
        check_grantable([], "buyer")


def test_granted_scopes_are_kept_sorted_and_once():
    assert check_grantable(["notices:write", "notices:read", "notices:write"], "buyer") == (
        "notices:read", "notices:write")


def test_creating_a_client_answers_a_long_random_secret(store):
    client, secret = create(store, an_organisation(store))

    assert secret.startswith("pcs_") and len(secret) >= 40
    assert client.scopes == ("notices:read",)
    assert client.active


def test_only_the_hash_of_the_secret_is_kept(store):
    client, secret = create(store, an_organisation(store))

    kept = stored_clients(store)[client.id]
    assert kept.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(kept) and secret not in repr(vars(kept))


def test_two_clients_get_different_secrets(store):
    organisation = an_organisation(store)
    assert create(store, organisation)[1] != create(store, organisation)[1]


def test_creating_a_client_is_audited_without_its_secret(store):
    client, secret = create(store, an_organisation(store))

    [event] = store.tables.audit
    assert (event.action, event.actor_id, event.subject) == ("api-client.created", ADMIN, str(client.id))
    assert event.details == {"scopes": ["notices:read"]}
    assert secret not in repr(event)


def test_a_supplier_cannot_create_a_client_with_a_buyer_scope(store):
    with pytest.raises(InvalidInput):
        create(store, an_organisation(store, OrganisationKind.SUPPLIER), scopes=("notices:write",))
    assert stored_clients(store) == {}


def test_a_client_for_an_organisation_that_does_not_exist_is_not_found(store):
    with pytest.raises(NotFound):
        create(store, uuid.uuid4())


def test_rotating_the_secret_replaces_its_hash(store):
    organisation = an_organisation(store)
    client, old = create(store, organisation)

    rotated, new = api_clients.rotate_secret(RotateApiClientSecret(organisation, client.id, ADMIN),
                                             FakeIdentityUnitOfWork(store), clock=lambda: NOW)

    kept = stored_clients(store)[client.id]
    assert new != old
    assert secret_matches(kept, new) and not secret_matches(kept, old)
    assert rotated.secret_rotated_at == NOW
    assert store.tables.audit[-1].action == "api-client.secret-rotated"


def test_a_revoked_client_keeps_its_first_revocation_time(store):
    organisation = an_organisation(store)
    client, _ = create(store, organisation)
    revoke = RevokeApiClient(organisation, client.id, ADMIN)

    api_clients.revoke(revoke, FakeIdentityUnitOfWork(store), clock=lambda: NOW)
    api_clients.revoke(revoke, FakeIdentityUnitOfWork(store), clock=lambda: NOW + timedelta(hours=1))

    assert stored_clients(store)[client.id].revoked_at == NOW
    assert [event.action for event in store.tables.audit] == ["api-client.created", "api-client.revoked"]


def test_a_revoked_client_cannot_get_a_new_secret(store):
    organisation = an_organisation(store)
    client, _ = create(store, organisation)
    api_clients.revoke(RevokeApiClient(organisation, client.id, ADMIN), FakeIdentityUnitOfWork(store))

    with pytest.raises(Conflict):
        api_clients.rotate_secret(RotateApiClientSecret(organisation, client.id, ADMIN),
                                  FakeIdentityUnitOfWork(store))


@pytest.mark.parametrize("action", ["read", "rotate", "revoke"])
def test_another_organisations_client_is_not_found(store, action):
    client, _ = create(store, an_organisation(store))
    stranger = an_organisation(store)
    attempts = {
        "read": lambda: api_clients.read(stranger, client.id, FakeIdentityUnitOfWork(store)),
        "rotate": lambda: api_clients.rotate_secret(RotateApiClientSecret(stranger, client.id, ADMIN),
                                                    FakeIdentityUnitOfWork(store)),
        "revoke": lambda: api_clients.revoke(RevokeApiClient(stranger, client.id, ADMIN),
                                             FakeIdentityUnitOfWork(store)),
    }

    with pytest.raises(NotFound):
        attempts[action]()
    assert stored_clients(store)[client.id].active
    assert stored_clients(store)[client.id].secret_rotated_at is None


def test_a_page_lists_the_organisations_clients_newest_first(store):
    organisation = an_organisation(store)
    created = [create(store, organisation, name=f"ERP {n}", at=NOW + timedelta(minutes=n))[0] for n in range(3)]
    create(store, an_organisation(store), name="someone else's")

    first = api_clients.page(organisation, 2, None, FakeIdentityUnitOfWork(store))
    rest = api_clients.page(organisation, 2, (first[-1].created_at, first[-1].id), FakeIdentityUnitOfWork(store))

    assert [c.name for c in first + rest] == ["ERP 2", "ERP 1", "ERP 0"]
    assert {c.id for c in first + rest} == {c.id for c in created}


def test_no_scope_asked_means_every_scope_of_the_client(store):
    client, _ = create(store, an_organisation(store), scopes=("notices:read", "notices:write"))
    assert granted_scopes(client, None) == ("notices:read", "notices:write")


def test_a_scope_asked_narrows_the_clients_scopes(store):
    client, _ = create(store, an_organisation(store), scopes=("notices:read", "notices:write"))
    assert granted_scopes(client, "notices:read") == ("notices:read",)


def test_a_scope_beyond_the_clients_is_an_invalid_scope(store):
    client, _ = create(store, an_organisation(store), scopes=("notices:read",))
    with pytest.raises(InvalidScope) as refused:
        granted_scopes(client, "notices:read notices:write")
    assert refused.value.extensions == {"error": "invalid_scope"}
    assert refused.value.status == 400
