"""The chain check in plain Python: what a link's hash covers and how the first broken link is found."""
from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.identity.domain.audit import (
    GENESIS_HASH, AuditLink, SecurityEvent, canonical_form, link_hash, normalised_details, verify_chain,
)

pytestmark = pytest.mark.unit
MOMENT = datetime(2030, 1, 1, 12, tzinfo=timezone.utc)


def chain(count: int) -> list[AuditLink]:
    links, previous = [], GENESIS_HASH
    for seq in range(1, count + 1):
        event = SecurityEvent(action="login.succeeded", occurred_at=MOMENT, actor_id=f"user-{seq}",
                              details={"n": seq})
        links.append(AuditLink(seq, event, previous, link_hash(previous, seq, event)))
        previous = links[-1].hash
    return links


def with_event(link: AuditLink, **changes) -> AuditLink:
    return dataclasses.replace(link, event=dataclasses.replace(link.event, **changes))


def test_a_chain_built_link_by_link_is_intact():
    assert verify_chain(chain(4)) == verify_chain(iter(chain(4)))
    assert (verify_chain(chain(4)).intact, verify_chain(chain(4)).links) == (True, 4)


@pytest.mark.parametrize("change", [{"action": "login.failed"}, {"actor_id": "someone-else"},
                                    {"organisation_id": "org-2"}, {"subject": "x"}, {"details": {"n": 99}},
                                    {"occurred_at": MOMENT + timedelta(microseconds=1)}],
                         ids=["action", "actor", "organisation", "subject", "details", "time"])
def test_changing_any_field_of_a_link_breaks_the_chain_at_that_link(change):
    links = chain(4)
    links[2] = with_event(links[2], **change)

    found = verify_chain(links)

    assert (found.intact, found.first_broken_link, found.links) == (False, 3, 2)


def test_moving_a_link_to_another_place_breaks_the_chain():
    links = chain(3)
    links[1] = dataclasses.replace(links[1], seq=5)

    assert verify_chain(links).first_broken_link == 2


def test_a_missing_link_is_named_by_its_place():
    links = chain(5)
    del links[1]

    found = verify_chain(links)

    assert (found.first_broken_link, found.links) == (2, 1)
    assert "missing" in found.reason


def test_a_link_repeated_is_named():
    links = chain(3)
    links.insert(2, links[1])

    assert verify_chain(links).first_broken_link == 2


def test_a_first_link_that_does_not_start_from_the_genesis_hash_is_broken():
    links = chain(2)
    links[0] = dataclasses.replace(links[0], previous_hash="a" * 64)

    assert verify_chain(links).first_broken_link == 1


def test_the_canonical_form_does_not_depend_on_key_order_or_time_zone():
    paris = timezone(timedelta(hours=1))
    one = SecurityEvent(action="a", occurred_at=MOMENT, details={"b": 1, "a": [1, 2]})
    other = SecurityEvent(action="a", occurred_at=MOMENT.astimezone(paris), details={"a": [1, 2], "b": 1})

    assert canonical_form(1, one) == canonical_form(1, other)
    assert canonical_form(1, one) != canonical_form(2, one)


def test_a_naive_time_is_taken_as_utc():
    naive = SecurityEvent(action="a", occurred_at=MOMENT.replace(tzinfo=None))

    assert canonical_form(1, naive) == canonical_form(1, SecurityEvent(action="a", occurred_at=MOMENT))


def test_details_are_normalised_to_what_json_gives_back():
    identifier = uuid.uuid4()

    assert normalised_details({"id": identifier, "at": MOMENT, "n": (1, 2)}) == {
        "id": str(identifier), "at": "2030-01-01T12:00:00+00:00", "n": [1, 2]}
