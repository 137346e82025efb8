"""Minimum time limits per procedure, the order of dates, and what publication resolves."""
from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest

from procure.errors import InvalidInput
from services.notices.domain.content import Deadlines, content_from_json
from services.notices.domain.notice import Notice, NoticeType
from services.notices.domain.rules import PublicationRules
from services.notices.domain.rules.time_limits import RULES, TimeLimits
from tests.services.notices.fakes import utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit

NOW = utc(2025, 3, 1, 9, 0)


def notice(notice_type=NoticeType.CONTRACT, *, days=40, deadlines=None, **changes) -> Notice:
    body = valid_draft_body(now=NOW, days=days, **changes)
    body.pop("notice_type")
    content = content_from_json(body)
    if deadlines is not None:
        content = dataclasses.replace(content, deadlines=deadlines)
    return Notice.draft(buyer_id=uuid.uuid4(), notice_type=notice_type, content=content, created_by="u", now=NOW)


def problems(draft: Notice, rules=PublicationRules(), **kwargs) -> dict:
    try:
        rules.resolve(draft, NOW, **kwargs)
    except InvalidInput as refused:
        return refused.errors
    return {}


def test_every_procedure_has_its_rule_class():
    assert set(RULES) == {"open", "restricted", "competitive-negotiation", "competitive-dialogue",
                          "innovation-partnership", "negotiated-without-publication", "below-threshold"}


@pytest.mark.parametrize("changes, shortest", [
    ({"electronic_submission": False}, 35),
    ({"electronic_submission": True}, 30),
    ({"urgency": "Flooding of the school"}, 15),
])
def test_the_open_procedure_needs_its_minimum_days(changes, shortest):
    assert problems(notice(days=shortest, **changes)) == {}
    errors = problems(notice(days=shortest - 1, **changes))
    assert f"open procedure: at least {shortest} days" in errors["deadlines.submission"][0]


def test_after_a_prior_information_notice_15_days_are_enough():
    assert problems(notice(days=15), after_prior_information=True) == {}
    assert "deadlines.submission" in problems(notice(days=14), after_prior_information=True)


def requests_deadline(days: int) -> Deadlines:
    return Deadlines(requests_to_participate=NOW + timedelta(days=days))


@pytest.mark.parametrize("procedure", ["restricted", "competitive-negotiation", "competitive-dialogue",
                                       "innovation-partnership"])
def test_two_stage_procedures_need_30_days_for_requests_to_participate(procedure):
    assert problems(notice(procedure=procedure, deadlines=requests_deadline(30))) == {}
    errors = problems(notice(procedure=procedure, deadlines=requests_deadline(29)))
    assert "at least 30 days from publication for requests to participate" in \
        errors["deadlines.requests_to_participate"][0]


def test_urgency_shortens_the_restricted_procedure_but_not_the_dialogue():
    assert problems(notice(procedure="restricted", urgency="Storm", deadlines=requests_deadline(15))) == {}
    assert problems(notice(procedure="competitive-dialogue", urgency="Storm", deadlines=requests_deadline(15)))


def test_the_below_threshold_limit_is_the_regions():
    rules = PublicationRules(time_limits=TimeLimits(below_threshold_days=12))

    assert problems(notice(procedure="below-threshold", days=12), rules) == {}
    assert "at least 12 days" in problems(notice(procedure="below-threshold", days=11), rules)[
        "deadlines.submission"][0]


def test_negotiation_without_publication_has_no_minimum():
    assert problems(notice(procedure="negotiated-without-publication", days=2)) == {}


def test_a_below_threshold_procedure_above_the_threshold_is_refused():
    value = {"amount": "6000000.00", "currency": "EUR"}

    errors = problems(notice(procedure="below-threshold", estimated_value=value))

    assert "threshold" in errors["procedure"][0]


def test_questions_close_before_submission_and_opening_comes_at_or_after_it():
    submission = NOW + timedelta(days=40)
    wrong = Deadlines(questions=submission, submission=submission, opening=submission - timedelta(minutes=1))

    errors = problems(notice(deadlines=wrong))

    assert "before the submission deadline" in errors["deadlines.questions"][0]
    assert "at or after" in errors["deadlines.opening"][0]
    assert problems(notice(deadlines=Deadlines(submission=submission, opening=submission))) == {}


def test_above_threshold_requires_signatures_unless_the_buyer_said_otherwise():
    value = {"amount": "300000.00", "currency": "EUR"}
    lots = valid_draft_body()["lots"]
    lots[0]["estimated_value"] = value

    content, above = PublicationRules().resolve(
        notice(contract_nature="supplies", estimated_value=value, lots=lots, buyer_legal_type="la"), NOW)

    assert above is True and content.esignature_required is True


def test_a_buyer_may_require_signatures_below_the_threshold():
    content, above = PublicationRules().resolve(notice(esignature_required=True), NOW)

    assert above is False and content.esignature_required is True


def test_a_contract_notice_needs_its_buyer_legal_type_and_submission_languages():
    errors = problems(notice(buyer_legal_type=None, submission_languages=[]))

    assert {"buyer_legal_type", "submission_languages"} <= set(errors)


def test_a_prior_information_notice_needs_no_submission_deadline_but_a_future_consultation():
    past = {"starts_at": "2025-02-01T09:00:00Z", "place": "Mairie"}

    assert problems(notice(NoticeType.PRIOR_INFORMATION, deadlines=Deadlines())) == {}
    assert "market_consultation.starts_at" in problems(
        notice(NoticeType.PRIOR_INFORMATION, deadlines=Deadlines(), market_consultation=past))
