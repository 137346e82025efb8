"""The deadline scheduler on a real database: several instances racing close each due notice exactly once."""
from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from procure.database import OUTBOX
from procure.migrations import migrate
from procure.service import service_context
from services.notices.domain.content import content_from_json
from services.notices.domain.notice import Notice, NoticeStatus, NoticeType
from services.notices.service.scheduler import DeadlineScheduler
from tests.services.notices.fakes import AUDIENCE, ISSUER, FixedClock, TokenIssuer, utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.integration

PUBLISHED_AT = utc(2025, 3, 1, 9, 0)


@pytest.fixture(scope="module")
def wiring(postgres_url, database_prefix, amqp_url):
    """A notices database of its own: the scheduler closes every due notice it finds, not only this test's."""
    from opentelemetry.sdk.trace import TracerProvider

    from services.notices.app import NoticesWiring
    from services.notices.config import NoticesSettings
    settings = NoticesSettings(
        database_url=postgres_url, database_prefix=f"{database_prefix}ntcsched_", amqp_url=amqp_url, issuer=ISSUER,
        audience=AUDIENCE, jwks_url="http://identity.invalid/.well-known/jwks.json", log_format="text")
    migrate("notices", settings.service_database_url("notices"))
    context = service_context("notices", settings, tracer_provider=TracerProvider(),
                              verifier=TokenIssuer().verifier())
    yield NoticesWiring(context)
    context.engine.dispose()


@pytest.fixture
def clean(wiring):
    with wiring.context.engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE notices CASCADE"))
        connection.execute(sa.delete(OUTBOX))


def publish(wiring, *, days: int) -> Notice:
    body = valid_draft_body(now=PUBLISHED_AT, days=days)
    notice = Notice.draft(buyer_id=uuid.uuid4(), notice_type=NoticeType(body.pop("notice_type")),
                          content=content_from_json(body), created_by="user-1", now=PUBLISHED_AT)
    notice.publish(notice.content, PUBLISHED_AT, above_threshold=False)
    with wiring.unit_of_work() as uow:
        uow.notices.add(notice)
        uow.commit()
    return notice


def closing_events(wiring) -> list[str]:
    with wiring.context.engine.connect() as connection:
        return [json.loads(body)["subject"] for (body,) in connection.execute(
            sa.select(OUTBOX.c.body).where(OUTBOX.c.routing_key == "notice.submission-closed"))]


def statuses(wiring, notices) -> dict:
    with wiring.unit_of_work() as uow:
        return {notice.id: uow.notices.get(notice.id).status for notice in notices}


def test_a_notice_is_closed_once_its_deadline_passed_and_not_before(wiring, clean):
    due, later = publish(wiring, days=35), publish(wiring, days=50)
    clock = FixedClock(PUBLISHED_AT + timedelta(days=40))

    closed = DeadlineScheduler(wiring.unit_of_work, clock, batch_size=10).close_due()

    assert closed == 1
    assert statuses(wiring, [due, later]) == {due.id: NoticeStatus.SUBMISSION_CLOSED,
                                              later.id: NoticeStatus.PUBLISHED}
    assert closing_events(wiring) == [str(due.id)]


def test_a_round_closes_at_most_one_batch(wiring, clean):
    for _ in range(5):
        publish(wiring, days=35)
    scheduler = DeadlineScheduler(wiring.unit_of_work, FixedClock(PUBLISHED_AT + timedelta(days=40)), batch_size=2)

    assert [scheduler.close_due() for _ in range(4)] == [2, 2, 1, 0]


def test_racing_schedulers_close_each_due_notice_exactly_once(wiring, clean):
    notices = [publish(wiring, days=35) for _ in range(40)]
    clock = FixedClock(PUBLISHED_AT + timedelta(days=40))
    schedulers = [DeadlineScheduler(wiring.unit_of_work, clock, batch_size=3) for _ in range(4)]
    counts = [0] * len(schedulers)
    start = threading.Barrier(len(schedulers))

    def run(index: int) -> None:
        start.wait()
        while (closed := schedulers[index].close_due()) > 0:
            counts[index] += closed

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(schedulers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sum(counts) == len(notices)
    assert set(statuses(wiring, notices).values()) == {NoticeStatus.SUBMISSION_CLOSED}
    assert sorted(closing_events(wiring)) == sorted(str(notice.id) for notice in notices)


def test_the_worker_runs_the_scheduler_until_stopped(wiring, clean):
    notice = publish(wiring, days=35)
    scheduler = DeadlineScheduler(wiring.unit_of_work, FixedClock(PUBLISHED_AT + timedelta(days=40)),
                                  poll_seconds=0.05)
    stop = threading.Event()
    thread = threading.Thread(target=scheduler.run, args=(stop,))
    thread.start()
    try:
        for _ in range(100):
            if statuses(wiring, [notice])[notice.id] is NoticeStatus.SUBMISSION_CLOSED:
                break
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(5)

    assert statuses(wiring, [notice])[notice.id] is NoticeStatus.SUBMISSION_CLOSED and not thread.is_alive()
