"""`/v1/identity/audit`: who may read the log and verify its chain, filters and pages."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from services.identity.domain.audit import SecurityEvent

pytestmark = pytest.mark.integration

OWN_ORGANISATION, OTHER_ORGANISATION, REGION = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
PERSONAS = {
    "anonymous": None,
    "supplier agent": (["supplier-agent"], OWN_ORGANISATION),
    "supplier admin": (["supplier-admin"], OWN_ORGANISATION),
    "buyer agent": (["buyer-agent"], OWN_ORGANISATION),
    "buyer admin": (["buyer-admin"], OWN_ORGANISATION),
    "opening committee": (["opening-committee"], OWN_ORGANISATION),
    "platform admin": (["platform-admin"], REGION),
    "auditor": (["auditor"], REGION),
    "another organisation's admin": (["buyer-admin"], OTHER_ORGANISATION),
}
ALLOWED = {"platform admin", "auditor"}
ENDPOINTS = ["/v1/identity/audit/events", "/v1/identity/audit/verification"]


def headers(mint, persona: str) -> dict:
    if PERSONAS[persona] is None:
        return {}
    roles, organisation = PERSONAS[persona]
    return {"Authorization": mint(roles=roles, organisation=organisation)}


@pytest.fixture
def auditor(mint) -> dict:
    return {"Authorization": mint(roles=["auditor"], organisation=REGION)}


@pytest.fixture
def record(identity_wiring):
    def record_events(*events: SecurityEvent) -> None:
        with identity_wiring.unit_of_work() as uow:
            for each in events:
                uow.audit.record(each)
            uow.commit()
    return record_events


def security_event(action: str, at: datetime, **fields) -> SecurityEvent:
    return SecurityEvent(action=action, occurred_at=at, **fields)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_platform_admins_and_auditors_read_the_audit_log(identity_client, mint, persona, endpoint):
    expected = 200 if persona in ALLOWED else 401 if persona == "anonymous" else 403

    response = identity_client.get(endpoint, headers=headers(mint, persona))

    assert response.status_code == expected, response.json
    if expected != 200:
        assert response.content_type == "application/problem+json"
        assert "items" not in response.json and "intact" not in response.json


def test_events_are_listed_newest_first_with_what_happened(identity_client, auditor, record):
    action = f"test.{uuid.uuid4().hex[:8]}"
    now = datetime.now(timezone.utc)
    record(security_event(action, now, actor_id="user-1", organisation_id=str(OWN_ORGANISATION),
                          subject="user-1", details={"ip": "192.0.2.1"}),
           security_event(action, now, actor_id="user-2", details={}))

    items = identity_client.get(f"/v1/identity/audit/events?action={action}", headers=auditor).json["items"]

    assert [item["actor_id"] for item in items] == ["user-2", "user-1"]
    assert items[0]["seq"] > items[1]["seq"]
    assert items[1]["organisation_id"] == str(OWN_ORGANISATION)
    assert items[1]["details"] == {"ip": "192.0.2.1"}
    assert items[0]["previous_hash"] == items[1]["hash"]


@pytest.mark.parametrize("query, expected", [
    ("actor=alice", ["alice-late", "alice-early"]),
    ("organisation={org}", ["bob"]),
    ("since={middle}", ["alice-late"]),
    ("until={middle}", ["bob", "alice-early"]),
    ("actor=alice&until={middle}", ["alice-early"]),
])
def test_events_are_filtered_by_actor_organisation_and_time(identity_client, auditor, record, query, expected):
    action, organisation = f"test.{uuid.uuid4().hex[:8]}", str(uuid.uuid4())
    early = datetime(2031, 1, 1, tzinfo=timezone.utc)
    record(security_event(action, early, actor_id="alice", subject="alice-early"),
           security_event(action, early, actor_id="bob", organisation_id=organisation, subject="bob"),
           security_event(action, early + timedelta(days=2), actor_id="alice", subject="alice-late"))
    middle = (early + timedelta(days=1)).isoformat().replace("+00:00", "Z")

    query = query.format(org=organisation, middle=middle)
    response = identity_client.get(f"/v1/identity/audit/events?action={action}&{query}", headers=auditor)

    assert response.status_code == 200, response.json
    assert [item["subject"] for item in response.json["items"]] == expected


def test_events_come_in_pages_that_follow_each_other(identity_client, auditor, record):
    action = f"test.{uuid.uuid4().hex[:8]}"
    record(*(security_event(action, datetime.now(timezone.utc), subject=str(number)) for number in range(5)))
    seen, cursor = [], None

    for _ in range(3):
        query = f"action={action}&limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = identity_client.get(f"/v1/identity/audit/events?{query}", headers=auditor).json
        seen += [item["subject"] for item in page["items"]]
        cursor = page["next_cursor"]

    assert seen == ["4", "3", "2", "1", "0"]
    assert cursor is None


@pytest.mark.parametrize("query", [
    "limit=0", "limit=101", "since=2030-01-01T00:00:00", "until=yesterday", f"action={'a' * 101}",
    "cursor=not-a-cursor", "cursor=WyJ4Il0", "cursor=Wy0xXQ", "cursor=Wzk5OTk5OTk5OTk5OTk5OTk5OTk5XQ",
], ids=["limit-0", "limit-too-large", "naive-time", "not-a-time", "long-action", "garbage-cursor",
        "text-cursor", "negative-cursor", "huge-cursor"])
def test_a_malformed_query_is_refused_with_a_problem(identity_client, auditor, query):
    response = identity_client.get(f"/v1/identity/audit/events?{query}", headers=auditor)

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"


def test_the_verification_answers_intact_with_the_number_of_links(identity_client, auditor, record):
    record(security_event("test.verified", datetime.now(timezone.utc)))

    answer = identity_client.get("/v1/identity/audit/verification", headers=auditor).json

    assert answer["intact"] is True
    assert answer["links"] >= 1
    assert set(answer) == {"intact", "links"}


def test_the_verification_names_the_first_broken_link(identity_client, auditor, record, identity_wiring):
    record(security_event("test.tampered", datetime.now(timezone.utc), details={"n": 1}))
    engine = sa.create_engine(identity_wiring.settings.service_database_url("identity"), poolclass=sa.NullPool)
    with engine.connect() as connection:
        seq, details = connection.execute(sa.text(
            "SELECT seq, details::text FROM security_events ORDER BY seq DESC LIMIT 1")).one()

    def rewrite(value: str) -> None:
        with engine.begin() as connection:
            connection.execute(sa.text("ALTER TABLE security_events DISABLE TRIGGER security_events_append_only"))
            connection.execute(sa.text("UPDATE security_events SET details = CAST(:details AS jsonb) WHERE seq = :seq"),
                               {"details": value, "seq": seq})
            connection.execute(sa.text("ALTER TABLE security_events ENABLE TRIGGER security_events_append_only"))

    rewrite('{"n": 2}')
    try:
        answer = identity_client.get("/v1/identity/audit/verification", headers=auditor).json
    finally:
        rewrite(details)  # the other tests share this database
        engine.dispose()

    assert answer["intact"] is False
    assert answer["first_broken_link"] == seq
    assert answer["reason"]
