"""A buyer registers, logs in, drafts and publishes a notice; alerts hears of it through RabbitMQ."""
from __future__ import annotations

import pytest

from tests.support.http import call, eventually
from tests.support.procurement import draft_notice, log_in, publish_notice, register_buyer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def buyer_token(gateway) -> str:
    buyer = register_buyer(gateway)
    return log_in(gateway, buyer["email"])


def _received_by_alerts(gateway: str, token: str, notice_id: str):
    page = call("GET", f"{gateway}/v1/alerts/published-notices?limit=100", token=token).json()
    return next((item for item in page["items"] if item["notice_id"] == notice_id), None)


def test_a_published_notice_reaches_the_alerts_service(gateway, buyer_token):
    notice, etag = draft_notice(gateway, buyer_token)
    published = publish_notice(gateway, buyer_token, notice["id"], etag)
    assert published.status == 200, published.body
    received = eventually(lambda: _received_by_alerts(gateway, buyer_token, notice["id"]))
    assert received is not None, "alerts never received notice.published"
    assert received["cpv_code"] == "45000000-7"
    assert received["title"]["en"] == "School renovation"


def test_one_trace_runs_from_the_gateway_to_the_alerts_consumer(gateway, buyer_token, spans):
    notice, etag = draft_notice(gateway, buyer_token)
    published = publish_notice(gateway, buyer_token, notice["id"], etag)
    assert published.status == 200, published.body
    assert eventually(lambda: _received_by_alerts(gateway, buyer_token, notice["id"]))

    def consumer_span():
        return next((span for span in spans.get_finished_spans()
                     if span.name == "alerts.notices process notice.published"
                     and span.attributes.get("procure.event.subject") == notice["id"]), None)

    consumer = eventually(consumer_span, timeout=10)
    assert consumer is not None, "no consumer span for this notice"
    in_trace = [span for span in spans.get_finished_spans()
                if span.context.trace_id == consumer.context.trace_id]
    services = {span.resource.attributes["service.name"] for span in in_trace}
    assert {"procure-gateway", "procure-notices", "procure-alerts"} <= services


def test_the_notice_is_readable_by_anyone_once_published(gateway, buyer_token):
    notice, etag = draft_notice(gateway, buyer_token)
    assert call("GET", f"{gateway}/v1/notices/{notice['id']}").status == 404
    publish_notice(gateway, buyer_token, notice["id"], etag)
    assert call("GET", f"{gateway}/v1/notices/{notice['id']}").json()["status"] == "published"


def test_documents_and_bids_answer_behind_the_gateway(gateway, buyer_token):
    for service in ("documents", "bids"):
        answer = call("GET", f"{gateway}/v1/{service}/nothing-here-yet", token=buyer_token)
        assert answer.status == 404
        assert answer.headers["Content-Type"] == "application/problem+json"


def test_every_service_is_ready_through_the_gateway(gateway):
    answer = call("GET", f"{gateway}/readyz")
    assert answer.status == 200, answer.body


def test_an_unknown_route_is_a_404_problem(gateway):
    answer = call("GET", f"{gateway}/v2/nothing")
    assert answer.status == 404
    assert answer.json()["status"] == 404
