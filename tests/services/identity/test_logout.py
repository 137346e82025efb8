"""Logging out revokes the refresh token's whole session (RFC 7009); unknown tokens change nothing."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.identity.domain.commands import RevokeToken
from services.identity.domain.people import Membership
from services.identity.service import revocation
from services.identity.service.tokens import hash_refresh_token
from tests.services.identity.fakes import FakeIdentityStore, FakeIdentityUnitOfWork, FakePeopleRepository

pytestmark = pytest.mark.unit

NOW = datetime(2030, 1, 15, 10, 0, tzinfo=timezone.utc)
MEMBERSHIP = Membership(user_id=uuid.uuid4(), organisation_id=uuid.uuid4(), roles=("buyer-agent",))


def a_session(store, *tokens: str) -> uuid.UUID:
    """A family of refresh tokens, all but the last already replaced by the next."""
    family = uuid.uuid4()
    people = FakePeopleRepository(store.tables)  # writes straight into the committed tables
    for token in tokens:
        people.add_refresh_token(hash_refresh_token(token), family, MEMBERSHIP, NOW + timedelta(days=30))
    for token in tokens[:-1]:
        people.mark_replaced(hash_refresh_token(token), NOW)
    return family


def revoke(store, token: str) -> None:
    revocation.revoke(RevokeToken(token), FakeIdentityUnitOfWork(store), clock=lambda: NOW)


def test_revoking_the_current_refresh_token_revokes_its_whole_session():
    store = FakeIdentityStore()
    family = a_session(store, "first", "second")

    revoke(store, "second")

    assert [row["revoked_at"] for row in store.refresh_family(family)] == [NOW, NOW]


def test_revoking_a_replaced_token_of_the_session_revokes_it_too():
    store = FakeIdentityStore()
    family = a_session(store, "first", "second")

    revoke(store, "first")

    assert all(row["revoked_at"] == NOW for row in store.refresh_family(family))


def test_other_sessions_of_the_same_person_stay_alive():
    store = FakeIdentityStore()
    a_session(store, "phone")
    laptop = a_session(store, "laptop")

    revoke(store, "phone")

    assert [row["revoked_at"] for row in store.refresh_family(laptop)] == [None]


def test_logging_out_is_audited_without_the_token():
    store = FakeIdentityStore()
    family = a_session(store, "the-refresh-token")

    revoke(store, "the-refresh-token")

    [event] = store.tables.audit
    assert (event.action, event.actor_id, event.organisation_id) == (
        "session.revoked", str(MEMBERSHIP.user_id), str(MEMBERSHIP.organisation_id))
    assert event.details == {"family_id": str(family)}
    assert "the-refresh-token" not in repr(event)


def test_an_unknown_token_changes_nothing_and_is_no_error():
    store = FakeIdentityStore()

    revoke(store, "never-issued")

    assert store.commits == 0 and store.tables.audit == []


def test_revoking_twice_is_audited_once():
    store = FakeIdentityStore()
    a_session(store, "token")

    revoke(store, "token")
    revoke(store, "token")

    assert len(store.tables.audit) == 1
