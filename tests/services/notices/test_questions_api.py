"""Clarification questions over HTTP on the real app and database: deadline, anonymity, who may do what."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from procure.events.tables import outbox_table
from tests.support.notices import rfc3339, valid_draft_body

pytestmark = pytest.mark.integration

BUYER = uuid.uuid4()
SUPPLIER = uuid.uuid4()
PERSONAS = {
    "anonymous": None,
    "supplier-agent": (SUPPLIER, ("supplier-agent",)),
    "supplier-admin": (SUPPLIER, ("supplier-admin",)),
    "buyer-agent": (BUYER, ("buyer-agent",)),
    "buyer-admin": (BUYER, ("buyer-admin",)),
    "opening-committee": (BUYER, ("opening-committee",)),
    "platform-admin": (None, ("platform-admin",)),
    "auditor": (None, ("auditor",)),
    "other-organisation": (uuid.uuid4(), ("buyer-admin",)),
    "other-supplier": (uuid.uuid4(), ("supplier-admin",)),
}


def headers(issuer, persona="buyer-admin", subject="user-1", **extra) -> dict:
    if PERSONAS[persona] is None:
        return dict(extra)
    organisation, roles = PERSONAS[persona]
    token = issuer.token(organisation=organisation, roles=roles, subject=subject)
    return {"Authorization": f"Bearer {token}", **extra}


def draft(client, issuer, now) -> str:
    response = client.post("/v1/notices", json=valid_draft_body(now=now), headers=headers(issuer))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def publish(client, issuer, notice_id) -> dict:
    response = client.post(f"/v1/notices/{notice_id}/publish", headers=headers(issuer, **{"If-Match": '"v1"'}))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ask(client, issuer, notice_id, persona="supplier-agent", text="Is a site visit planned?", **extra):
    return client.post(f"/v1/notices/{notice_id}/questions", json={"text": text},
                       headers=headers(issuer, persona, subject="asker-7", **extra))


def answer(client, issuer, notice_id, question_id, persona="buyer-agent", text="Yes, on 12 March."):
    return client.post(f"/v1/notices/{notice_id}/questions/{question_id}/answer", json={"text": text},
                       headers=headers(issuer, persona))


def listing(client, issuer, notice_id, persona="anonymous", **query) -> dict:
    response = client.get(f"/v1/notices/{notice_id}/questions", query_string=query, headers=headers(issuer, persona))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def outbox_bodies(app, routing_key: str) -> list[str]:
    table = outbox_table(sa.MetaData())
    with app.extensions["procure.notices"].unit_of_work() as uow:
        bodies = uow.session.execute(sa.select(table.c.body).where(table.c.routing_key == routing_key)).scalars()
        return [bytes(body).decode() for body in bodies]


@pytest.fixture
def notice(notices_client, issuer, notices_clock) -> str:
    """A published contract notice whose questions deadline is 30 days after the clock's now."""
    notice_id = draft(notices_client, issuer, notices_clock.now)
    publish(notices_client, issuer, notice_id)
    return notice_id


@pytest.fixture
def question(notices_client, issuer, notice) -> dict:
    response = ask(notices_client, issuer, notice)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


# The deadline -----------------------------------------------------------------------------------

def test_a_question_just_before_the_questions_deadline_is_taken(notices_client, issuer, notice, notices_clock):
    notices_clock.advance(days=30, seconds=-1)

    assert ask(notices_client, issuer, notice).status_code == 201


def test_a_question_after_the_questions_deadline_is_a_409_quoting_it(notices_client, issuer, notice, notices_clock):
    deadline = notices_clock.now + timedelta(days=30)
    notices_clock.advance(days=30, seconds=1)

    response = ask(notices_client, issuer, notice)

    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["deadline"] == rfc3339(deadline) and rfc3339(deadline) in problem["detail"]
    assert problem["type"].endswith("/questions-closed")


def test_the_public_listing_tells_the_questions_deadline(notices_client, issuer, notice, notices_clock):
    deadline = listing(notices_client, issuer, notice)["questions_deadline"]

    assert datetime.fromisoformat(deadline) == notices_clock.now + timedelta(days=30)


def test_a_draft_takes_no_question_and_its_existence_is_not_disclosed(notices_client, issuer, notices_clock):
    notice_id = draft(notices_client, issuer, notices_clock.now)

    assert ask(notices_client, issuer, notice_id).status_code == 404


# Asking and answering ---------------------------------------------------------------------------

def test_an_empty_or_oversized_question_is_a_422_naming_the_field(notices_client, issuer, notice):
    for text in ("   ", "x" * 4001):
        response = ask(notices_client, issuer, notice, text=text)
        assert response.status_code == 422 and "text" in response.get_json()["errors"]


def test_a_retried_question_with_the_same_idempotency_key_is_asked_once(notices_client, issuer, notice):
    key = {"Idempotency-Key": f"question-{uuid.uuid4().hex}"}

    first, again = ask(notices_client, issuer, notice, **key), ask(notices_client, issuer, notice, **key)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert len(listing(notices_client, issuer, notice, "buyer-admin")["items"]) == 1


def test_answering_twice_is_a_409_and_keeps_the_first_answer(notices_client, issuer, notice, question):
    answer(notices_client, issuer, notice, question["id"], text="First.")

    response = answer(notices_client, issuer, notice, question["id"], text="Second.")

    assert response.status_code == 409
    assert [item["answer"] for item in listing(notices_client, issuer, notice)["items"]] == ["First."]


def test_a_question_of_another_notice_cannot_be_answered_through_this_one(notices_client, issuer, notice, question,
                                                                          notices_clock):
    other = draft(notices_client, issuer, notices_clock.now)
    publish(notices_client, issuer, other)

    assert answer(notices_client, issuer, other, question["id"]).status_code == 404


def test_a_supplier_cannot_answer(notices_client, issuer, notice, question):
    assert answer(notices_client, issuer, notice, question["id"], persona="supplier-admin").status_code == 403
    assert listing(notices_client, issuer, notice)["items"] == []


def test_a_buyer_of_another_organisation_cannot_answer(notices_client, issuer, notice, question):
    response = answer(notices_client, issuer, notice, question["id"], persona="other-organisation")

    assert response.status_code == 403
    assert listing(notices_client, issuer, notice, "buyer-admin")["items"][0]["status"] == "pending"


# Anonymity ----------------------------------------------------------------------------------------

def test_the_public_listing_shows_answered_questions_without_the_asker_and_counts_pending_ones(
        notices_client, issuer, notice, question):
    ask(notices_client, issuer, notice, text="Another question?")
    answer(notices_client, issuer, notice, question["id"])

    page = listing(notices_client, issuer, notice)

    assert page["pending"] == 1 and len(page["items"]) == 1
    item = page["items"][0]
    assert item["text"] == "Is a site visit planned?" and item["answer"] == "Yes, on 12 March."
    assert str(SUPPLIER) not in json.dumps(page) and "asker-7" not in json.dumps(page)


def test_the_buyer_sees_every_question_pending_first_and_never_who_asked(notices_client, issuer, notice, question,
                                                                        notices_clock):
    notices_clock.advance(minutes=1)
    second = ask(notices_client, issuer, notice, text="Another question?").get_json()
    answer(notices_client, issuer, notice, question["id"])

    page = listing(notices_client, issuer, notice, "buyer-agent")

    assert [(item["id"], item["status"]) for item in page["items"]] == [
        (second["id"], "pending"), (question["id"], "answered")]
    assert page["pending"] is None
    assert str(SUPPLIER) not in json.dumps(page) and "asker-7" not in json.dumps(page)


def test_the_question_events_never_name_the_asker(notices_app, notices_client, issuer, notice, question):
    answer(notices_client, issuer, notice, question["id"])

    asked = [body for body in outbox_bodies(notices_app, "notice.question-asked") if question["id"] in body]
    answered = [body for body in outbox_bodies(notices_app, "notice.question-answered") if question["id"] in body]

    assert len(asked) == 1 and len(answered) == 1
    assert "Yes, on 12 March." in answered[0] and "Is a site visit planned?" in answered[0]
    for body in asked + answered:
        assert str(SUPPLIER) not in body and "asker-7" not in body


# A supplier's own questions -----------------------------------------------------------------------

def test_a_supplier_sees_its_own_questions_with_their_status(notices_client, issuer, notice, question,
                                                             notices_clock):
    answer(notices_client, issuer, notice, question["id"])
    notices_clock.advance(minutes=1)
    pending = ask(notices_client, issuer, notice, text="Another question?").get_json()

    response = notices_client.get("/v1/notices/questions/mine", query_string={"notice": notice},
                                  headers=headers(issuer, "supplier-admin"))

    assert response.status_code == 200
    assert [(item["id"], item["status"]) for item in response.get_json()["items"]] == [
        (pending["id"], "pending"), (question["id"], "answered")]


def test_a_supplier_sees_no_other_suppliers_questions(notices_client, issuer, notice, question):
    response = notices_client.get("/v1/notices/questions/mine", headers=headers(issuer, "other-supplier"))

    assert response.status_code == 200
    assert question["id"] not in {item["id"] for item in response.get_json()["items"]}


def test_own_questions_come_in_keyset_pages(notices_client, issuer, notice, notices_clock):
    asked = []
    for number in range(3):
        notices_clock.advance(minutes=1)
        asked.append(ask(notices_client, issuer, notice, persona="supplier-agent", text=f"Q{number}").get_json()["id"])
    seen, cursor = [], None
    while True:
        query = {"limit": 2, "notice": notice, **({"cursor": cursor} if cursor else {})}
        page = notices_client.get("/v1/notices/questions/mine", query_string=query,
                                  headers=headers(issuer, "supplier-agent")).get_json()
        seen += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break

    assert seen == asked[::-1]


def test_a_notices_questions_come_in_keyset_pages_pending_first(notices_client, issuer, notice, notices_clock):
    asked = []
    for number in range(3):
        notices_clock.advance(minutes=1)
        asked.append(ask(notices_client, issuer, notice, text=f"Q{number}").get_json()["id"])
    answer(notices_client, issuer, notice, asked[0])
    first = listing(notices_client, issuer, notice, "buyer-admin", limit=2)
    second = listing(notices_client, issuer, notice, "buyer-admin", limit=2, cursor=first["next_cursor"])

    assert [item["id"] for item in first["items"] + second["items"]] == [asked[1], asked[2], asked[0]]
    assert second["next_cursor"] is None


def test_a_forged_cursor_is_a_422(notices_client, issuer, notice):
    response = notices_client.get(f"/v1/notices/{notice}/questions", query_string={"cursor": "bm90LWEtY3Vyc29y"})

    assert response.status_code == 422


# Who may do what ----------------------------------------------------------------------------------

@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 201), ("supplier-admin", 201), ("buyer-agent", 403),
    ("buyer-admin", 403), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 403)])
def test_who_may_ask_a_question(notices_client, issuer, notice, persona, status):
    assert ask(notices_client, issuer, notice, persona=persona).status_code == status


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 403), ("supplier-admin", 403), ("buyer-agent", 200),
    ("buyer-admin", 200), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 403)])
def test_who_may_answer_a_question(notices_client, issuer, notice, question, persona, status):
    assert answer(notices_client, issuer, notice, question["id"], persona=persona).status_code == status


@pytest.mark.parametrize("persona, sees_pending", [
    ("anonymous", False), ("supplier-agent", False), ("supplier-admin", False), ("buyer-agent", True),
    ("buyer-admin", True), ("opening-committee", False), ("platform-admin", False), ("auditor", False),
    ("other-organisation", False)])
def test_who_may_list_a_notices_questions(notices_client, issuer, notice, question, persona, sees_pending):
    page = listing(notices_client, issuer, notice, persona)

    assert bool(page["items"]) is sees_pending


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 404), ("supplier-agent", 404), ("supplier-admin", 404), ("buyer-agent", 200),
    ("buyer-admin", 200), ("opening-committee", 200), ("platform-admin", 404), ("auditor", 404),
    ("other-organisation", 404)])
def test_who_may_list_the_questions_of_a_draft(notices_client, issuer, notices_clock, persona, status):
    notice_id = draft(notices_client, issuer, notices_clock.now)

    response = notices_client.get(f"/v1/notices/{notice_id}/questions", headers=headers(issuer, persona))

    assert response.status_code == status


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 401), ("supplier-agent", 200), ("supplier-admin", 200), ("buyer-agent", 403),
    ("buyer-admin", 403), ("opening-committee", 403), ("platform-admin", 403), ("auditor", 403),
    ("other-organisation", 403)])
def test_who_may_list_their_own_questions(notices_client, issuer, persona, status):
    assert notices_client.get("/v1/notices/questions/mine", headers=headers(issuer, persona)).status_code == status
