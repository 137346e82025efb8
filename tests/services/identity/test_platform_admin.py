"""The region's operator: `procure identity platform-admin create` and the handler behind it."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from procure.errors import Conflict, InvalidInput
from services.identity.adapters.passwords import password_matches
from services.identity.cli import identity
from services.identity.domain.organisations import OrganisationKind
from services.identity.service.platform import CreatePlatformAdmin, create_platform_admin
from tests.services.identity.fakes import FakeIdentityStore, FakeIdentityUnitOfWork

NOW = datetime(2030, 1, 15, 10, 0, tzinfo=timezone.utc)
PASSWORD = "a long and unusual operator passphrase"


def create(store, email="ops@region.example", password=PASSWORD):
    return create_platform_admin(CreatePlatformAdmin(email=email, name="Dominique Ops", password=password),
                                 FakeIdentityUnitOfWork(store), clock=lambda: NOW)


@pytest.mark.unit
def test_the_first_administrator_creates_the_operator_organisation_and_holds_platform_admin_there():
    store = FakeIdentityStore()

    organisation, user = create(store)

    assert store.tables.organisations[organisation.id].kind is OrganisationKind.PLATFORM
    assert store.tables.memberships[0].roles == ("platform-admin",)
    assert store.tables.memberships[0].organisation_id == organisation.id
    assert password_matches(store.tables.users[user.id].password_hash, PASSWORD)


@pytest.mark.unit
def test_a_second_administrator_joins_the_same_operator_organisation():
    store = FakeIdentityStore()
    first, _ = create(store)

    second, _ = create(store, email="ops2@region.example")

    assert second.id == first.id
    assert len(store.tables.organisations) == 1 and len(store.tables.memberships) == 2


@pytest.mark.unit
def test_creating_an_administrator_records_a_security_event_without_the_password():
    store = FakeIdentityStore()

    organisation, user = create(store)

    [event] = store.tables.audit
    assert (event.action, event.subject, event.organisation_id) == (
        "platform-admin.created", str(user.id), str(organisation.id))
    assert PASSWORD not in repr(event)


@pytest.mark.unit
@pytest.mark.parametrize("password", ["short", "password1234"])
def test_the_password_policy_applies_to_administrators(password):
    store = FakeIdentityStore()

    with pytest.raises(InvalidInput):
        create(store, password=password)

    assert store.commits == 0


@pytest.mark.unit
def test_an_address_already_registered_is_refused_and_nothing_is_created():
    store = FakeIdentityStore()
    create(store)

    with pytest.raises(Conflict):
        create(store)

    assert len(store.tables.users) == 1 and len(store.tables.memberships) == 1


@pytest.mark.integration
def test_the_command_creates_an_administrator_who_can_log_in(identity_settings, identity_client, monkeypatch):
    monkeypatch.setenv("PROCURE_DATABASE_URL", identity_settings.database_url.get_secret_value())
    monkeypatch.setenv("PROCURE_DATABASE_PREFIX", identity_settings.database_prefix)
    email = f"ops-{uuid.uuid4().hex[:8]}@region.example"

    result = CliRunner().invoke(identity, ["platform-admin", "create", "--email", email, "--name", "Ops"],
                                env={"PROCURE_ADMIN_PASSWORD": PASSWORD})

    assert result.exit_code == 0, result.output
    assert "platform administrator" in result.output and PASSWORD not in result.output
    token = identity_client.post("/v1/identity/token", data={
        "grant_type": "password", "username": email, "password": PASSWORD})
    assert token.status_code == 200, token.json
    listed = identity_client.get("/v1/identity/organisations",
                                 headers={"Authorization": f"Bearer {token.json['access_token']}"})
    assert listed.status_code == 200


@pytest.mark.integration
def test_the_command_prompts_for_the_password_and_refuses_a_weak_one(identity_settings, monkeypatch):
    monkeypatch.setenv("PROCURE_DATABASE_URL", identity_settings.database_url.get_secret_value())
    monkeypatch.setenv("PROCURE_DATABASE_PREFIX", identity_settings.database_prefix)
    monkeypatch.delenv("PROCURE_ADMIN_PASSWORD", raising=False)

    result = CliRunner().invoke(identity, ["platform-admin", "create", "--email", "weak@region.example",
                                           "--name", "Ops"], input="short\nshort\n")

    assert result.exit_code == 1
    assert "refused" in result.output and "password" in result.output
