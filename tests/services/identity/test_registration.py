"""An organisation registers with its first user, who becomes its administrator."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import pytest

from procure.errors import Conflict, InvalidInput
from services.identity.adapters.passwords import password_matches
from services.identity.domain.commands import LogIn, RegisterOrganisation
from services.identity.domain.organisations import (Address, ContactPoint, Identifier, OrganisationDetails,
                                                    OrganisationKind)
from services.identity.domain.people import MIN_PASSWORD_LENGTH, check_password_policy
from services.identity.service import registration
from tests.services.identity.fakes import FakeIdentityStore, FakeIdentityUnitOfWork

pytestmark = pytest.mark.unit

NOW = datetime(2030, 1, 15, 10, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery staple"


BUYER = OrganisationDetails(
    identifier=Identifier("BE-KBO", "0207.320.177"), nuts="BE352", buyer_legal_type="la",
    address=Address("Hôtel de Ville, Square Léopold", "Namur", "5000", "BE"),
    contact=ContactPoint("Service des achats", "achats@namur.example", "+32 81 24 60 11"))
SUPPLIER = OrganisationDetails(
    identifier=Identifier("FR-SIRET", "732 829 320 00074"), nuts="FR101", vat_number="FR40303265045",
    size="small", cpv_codes=("45210000-2", "45000000-7"))


def a_registration(**changes) -> RegisterOrganisation:
    values = dict(name="Ville de Namur", kind="buyer", country="BE", email="achats@namur.example",
                  user_name="Alice Martin", password=PASSWORD, details=BUYER)
    if changes.get("kind") == "supplier":
        values.update(country="FR", details=SUPPLIER)
    values.update(changes)
    return RegisterOrganisation(**values)


@pytest.fixture
def store() -> FakeIdentityStore:
    return FakeIdentityStore()


def register(store, **changes):
    return registration.register(a_registration(**changes), FakeIdentityUnitOfWork(store), clock=lambda: NOW)


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_PASSWORD_LENGTH - 1)])
def test_a_password_shorter_than_the_policy_is_refused_naming_the_field(password):
    with pytest.raises(InvalidInput) as raised:
        check_password_policy(password)

    assert set(raised.value.errors) == {"password"}


def test_a_password_of_the_minimum_length_is_accepted():
    check_password_policy("x" * MIN_PASSWORD_LENGTH)


def test_registering_with_a_short_password_stores_nothing(store):
    with pytest.raises(InvalidInput):
        register(store, password="too-short")

    assert store.commits == 0
    assert store.tables.users == {}


def test_registering_creates_the_organisation_its_first_user_and_their_membership(store):
    organisation, user, membership = register(store)

    assert store.tables.organisations[organisation.id].name == "Ville de Namur"
    assert store.tables.organisations[organisation.id].kind is OrganisationKind.BUYER
    assert store.tables.users[user.id].email == "achats@namur.example"
    assert store.tables.memberships == [membership]
    assert (membership.user_id, membership.organisation_id) == (user.id, organisation.id)
    assert organisation.created_at == user.created_at == NOW


@pytest.mark.parametrize("kind, roles", [("buyer", ("buyer-admin",)), ("supplier", ("supplier-admin",))])
def test_the_first_user_becomes_the_administrator_of_its_kind_of_organisation(store, kind, roles):
    _, _, membership = register(store, kind=kind)

    assert membership.roles == roles


def test_the_password_is_stored_as_an_argon2id_hash_only(store):
    _, user, _ = register(store)

    stored = store.tables.users[user.id].password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert password_matches(stored, PASSWORD)
    assert not password_matches(stored, PASSWORD + "!")


def test_a_second_registration_with_the_same_email_is_a_conflict_that_stores_nothing(store):
    register(store)

    with pytest.raises(Conflict) as raised:
        register(store, name="Another organisation", email="ACHATS@Namur.example",
                 details=OrganisationDetails(identifier=Identifier("BE-KBO", "0403019261")))

    assert raised.value.status == 409
    assert raised.value.errors == {"user.email": ["Already registered."]}
    assert len(store.tables.organisations) == 1
    assert len(store.tables.users) == 1
    assert len(store.outbox) == 1


def test_registering_publishes_organisation_registered_without_any_secret(store):
    organisation, user, _ = register(store)

    [event] = store.outbox
    assert event.type == "organisation.registered"
    assert event.subject == str(organisation.id)
    assert event.data() == {"id": str(organisation.id), "name": "Ville de Namur", "kind": "buyer",
                            "country": "BE", "first_user_id": str(user.id), "nuts": "BE352", "size": None,
                            "cpv_codes": []}
    assert "argon2" not in json.dumps(event.data()) and PASSWORD not in json.dumps(event.data())


def test_commands_never_show_the_password_in_their_repr():
    assert PASSWORD not in repr(a_registration())
    assert PASSWORD not in repr(LogIn(email="a@b.example", password=PASSWORD, organisation_id=uuid.uuid4()))


def test_a_user_never_shows_its_password_hash_in_its_repr(store):
    _, user, _ = register(store)

    assert "argon2" not in repr(user)


def test_a_supplier_registration_publishes_what_the_directory_and_alerts_need(store):
    organisation, _, _ = register(store, kind="supplier", name="Bâtiments Durand")

    [event] = store.outbox
    assert event.data()["kind"] == "supplier"
    assert (event.data()["nuts"], event.data()["size"]) == ("FR101", "small")
    assert event.data()["cpv_codes"] == ["45210000-2", "45000000-7"]
    assert "@" not in json.dumps(event.data())  # no person's address in it


def test_identifiers_are_stored_in_their_compact_form(store):
    organisation, _, _ = register(store, kind="supplier")

    stored = store.tables.organisations[organisation.id].details
    assert stored.identifier == Identifier("FR-SIRET", "73282932000074")
    assert stored.vat_number == "FR40303265045"


def test_a_second_organisation_with_the_same_identifier_is_a_conflict_that_stores_nothing(store):
    register(store)

    with pytest.raises(Conflict) as raised:
        register(store, email="other@namur.example",
                 details=OrganisationDetails(identifier=Identifier("BE-KBO", "0207320177")))

    assert raised.value.errors == {"organisation.identifier": ["Already registered."]}
    assert len(store.tables.organisations) == 1 and len(store.tables.users) == 1


@pytest.mark.parametrize("details, field", [
    (OrganisationDetails(identifier=Identifier("BE-KBO", "0207320178")), "organisation.identifier"),
    (OrganisationDetails(identifier=Identifier("FR-SIRET", "73282932000074")), "organisation.identifier"),
    (OrganisationDetails(nuts="FR101"), "organisation.nuts"),
    (OrganisationDetails(nuts="BE999"), "organisation.nuts"),
    (OrganisationDetails(buyer_legal_type="village"), "organisation.buyer_legal_type"),
])
def test_a_buyer_with_a_wrong_detail_is_refused_naming_the_field(store, details, field):
    with pytest.raises(InvalidInput) as raised:
        register(store, details=details)

    assert set(raised.value.errors) == {field}
    assert store.commits == 0


@pytest.mark.parametrize("changes, field", [
    (dict(vat_number="FR40303265046"), "organisation.vat_number"),
    (dict(vat_number="DE136695976"), "organisation.vat_number"),
    (dict(size="huge"), "organisation.size"),
    (dict(cpv_codes=("45210000-3",)), "organisation.cpv_codes"),
])
def test_a_supplier_with_a_wrong_detail_is_refused_naming_the_field(store, changes, field):
    from dataclasses import replace

    with pytest.raises(InvalidInput) as raised:
        register(store, kind="supplier", details=replace(SUPPLIER, **changes))

    assert set(raised.value.errors) == {field}


def test_no_one_registers_the_platform_operator_through_registration(store):
    with pytest.raises(InvalidInput) as raised:
        register(store, kind="platform", details=OrganisationDetails())

    assert set(raised.value.errors) == {"organisation.kind"}
    assert store.commits == 0
