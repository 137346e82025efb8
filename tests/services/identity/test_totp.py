"""The TOTP second factor: enrolling, logging in with it, refusing replays; required for the opening committee."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt
import pyotp
import pytest
from cryptography.fernet import Fernet

from procure.errors import Conflict, InvalidInput
from services.identity.adapters.sealing import Sealer, SealingFailed
from services.identity.domain.commands import (ConfirmSecondFactor, DisableSecondFactor, EnrolSecondFactor,
                                               LogIn)
from services.identity.service import accounts, sessions
from services.identity.service.accounts import AccountPolicy
from services.identity.service.sessions import InvalidGrant
from tests.support.people import PASSWORD, a_person, an_organisation

pytestmark = pytest.mark.integration

NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def policy() -> AccountPolicy:
    return AccountPolicy(sealer=Sealer.from_setting(Fernet.generate_key().decode()))


def code(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at)


def enrolled(wiring, policy, person) -> str:
    secret = accounts.enrol_second_factor(EnrolSecondFactor(person.id), wiring.unit_of_work(), policy,
                                          clock=lambda: NOW)["secret"]
    accounts.confirm_second_factor(ConfirmSecondFactor(person.id, code(secret, NOW)), wiring.unit_of_work(),
                                   policy, clock=lambda: NOW)
    return secret


def log_in(wiring, policy, person, totp_code=None, at=NOW, organisation_id=None) -> dict:
    command = LogIn(email=person.email, password=PASSWORD, totp_code=totp_code, organisation_id=organisation_id)
    return sessions.log_in(command, wiring.unit_of_work(), wiring.signing_keys, wiring.policy,
                           clock=lambda: at, accounts=policy)


def claims(tokens: dict) -> dict:
    return jwt.decode(tokens["access_token"], options={"verify_signature": False})


def test_enrolment_shows_the_secret_once_and_stores_it_sealed(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring))

    shown = accounts.enrol_second_factor(EnrolSecondFactor(person.id), identity_wiring.unit_of_work(), policy)

    assert shown["otpauth_uri"].startswith("otpauth://totp/")
    with identity_wiring.unit_of_work() as uow:
        stored = uow.people.user(person.id).totp_secret
    assert shown["secret"] not in stored and stored.startswith("fernet:")


def test_a_wrong_code_does_not_activate_the_second_factor(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring))
    accounts.enrol_second_factor(EnrolSecondFactor(person.id), identity_wiring.unit_of_work(), policy)

    with pytest.raises(InvalidInput):
        accounts.confirm_second_factor(ConfirmSecondFactor(person.id, "000000"), identity_wiring.unit_of_work(),
                                       policy)

    assert log_in(identity_wiring, policy, person)["access_token"]  # no code asked for: still inactive


def test_with_a_second_factor_the_password_alone_is_refused(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring))
    enrolled(identity_wiring, policy, person)

    with pytest.raises(InvalidGrant) as raised:
        log_in(identity_wiring, policy, person, at=NOW + timedelta(seconds=60))

    assert "totp_code" in raised.value.detail


def test_a_current_code_logs_in_and_the_token_says_two_factors(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring))
    secret = enrolled(identity_wiring, policy, person)
    later = NOW + timedelta(seconds=60)

    tokens = log_in(identity_wiring, policy, person, code(secret, later), at=later)

    assert claims(tokens)["amr"] == ["pwd", "otp"]


def test_the_same_code_cannot_be_used_twice(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring))
    secret = enrolled(identity_wiring, policy, person)
    later = NOW + timedelta(seconds=60)
    log_in(identity_wiring, policy, person, code(secret, later), at=later)

    with pytest.raises(InvalidGrant):
        log_in(identity_wiring, policy, person, code(secret, later), at=later + timedelta(seconds=5))


def test_the_code_used_to_enrol_cannot_log_in(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring))
    secret = enrolled(identity_wiring, policy, person)

    with pytest.raises(InvalidGrant):
        log_in(identity_wiring, policy, person, code(secret, NOW), at=NOW)


def test_disabling_needs_a_current_code_and_then_the_password_suffices(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring))
    secret = enrolled(identity_wiring, policy, person)
    later = NOW + timedelta(seconds=90)
    with pytest.raises(InvalidInput):
        accounts.disable_second_factor(DisableSecondFactor(person.id, "123456"), identity_wiring.unit_of_work(),
                                       policy, clock=lambda: later)

    accounts.disable_second_factor(DisableSecondFactor(person.id, code(secret, later)),
                                   identity_wiring.unit_of_work(), policy, clock=lambda: later)

    assert claims(log_in(identity_wiring, policy, person, at=later))["amr"] == ["pwd"]


def test_enrolling_twice_while_active_is_a_conflict(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring))
    enrolled(identity_wiring, policy, person)

    with pytest.raises(Conflict):
        accounts.enrol_second_factor(EnrolSecondFactor(person.id), identity_wiring.unit_of_work(), policy)


def test_an_opening_committee_member_without_a_second_factor_gets_a_token_without_that_role(
        identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring), roles=("buyer-agent", "opening-committee"))

    token = claims(log_in(identity_wiring, policy, person))

    assert token["roles"] == ["buyer-agent"]


def test_an_opening_committee_member_with_a_second_factor_holds_the_role(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring), roles=("buyer-agent", "opening-committee"))
    secret = enrolled(identity_wiring, policy, person)
    later = NOW + timedelta(seconds=60)

    token = claims(log_in(identity_wiring, policy, person, code(secret, later), at=later))

    assert token["roles"] == ["buyer-agent", "opening-committee"]


def test_an_unverified_member_never_acts_as_opening_committee(identity_wiring, policy):
    person = a_person(identity_wiring, an_organisation(identity_wiring), roles=("opening-committee",),
                      verified=False)
    secret = enrolled(identity_wiring, policy, person)
    later = NOW + timedelta(seconds=60)

    token = claims(log_in(identity_wiring, policy, person, code(secret, later), at=later))

    assert token["roles"] == [] and token["email_verified"] is False


def test_the_enrolment_route_shows_the_secret_to_its_owner_only(identity_client, identity_wiring, mint):
    person = a_person(identity_wiring, an_organisation(identity_wiring))

    response = identity_client.post("/v1/identity/accounts/totp", headers={"Authorization": mint(
        subject=str(person.id))})

    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    assert identity_client.post("/v1/identity/accounts/totp").status_code == 401


def test_a_secret_sealed_with_a_key_never_opens_without_one():
    sealed = Sealer.from_setting(Fernet.generate_key().decode()).seal("JBSWY3DPEHPK3PXP")

    with pytest.raises(SealingFailed) as raised:
        Sealer().open(sealed)

    assert raised.value.status == 503 and "JBSWY3DPEHPK3PXP" not in raised.value.detail


def test_a_key_rotated_in_still_opens_what_the_old_key_sealed():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = Sealer.from_setting(old).seal("JBSWY3DPEHPK3PXP")

    assert Sealer.from_setting(f"{new},{old}").open(sealed) == "JBSWY3DPEHPK3PXP"
