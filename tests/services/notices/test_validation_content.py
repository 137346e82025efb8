"""Every code-list and cross-field rule of a notice's content, each with the field path it names."""
from __future__ import annotations

import pytest

from procure.codelists import eforms
from procure.errors import InvalidInput
from services.notices.domain.content import content_from_json
from services.notices.domain.notice import NoticeType
from services.notices.domain.validation import ISO_639_1, check_content, official_languages
from tests.services.notices.fakes import utc
from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.unit

NOW = utc(2025, 3, 1)


def errors_of(notice_type=NoticeType.CONTRACT, **changes) -> dict:
    body = valid_draft_body(now=NOW, **changes)
    body.pop("notice_type")
    try:
        check_content(content_from_json(body), notice_type)
    except InvalidInput as refused:
        return refused.errors
    return {}


def lots(**lot_changes) -> list:
    [lot] = valid_draft_body(now=NOW)["lots"]
    return [{**lot, **lot_changes}]


def test_the_valid_body_is_valid():
    assert errors_of() == {}


def test_the_two_letter_languages_cover_every_official_eu_language_of_the_eforms_list():
    assert set(ISO_639_1) == set(eforms.official_languages())
    assert len(official_languages()) == 24 and "ga" in official_languages()


@pytest.mark.parametrize("changes, path, reason", [
    ({"title": {}}, "title", "at least one"),
    ({"title": {"xx": "Titre"}}, "title.xx", "not an official EU language"),
    ({"description": {"ru": "Текст"}}, "description.ru", "not an official EU language"),
    ({"contract_nature": "concession"}, "contract_nature", "works, supplies, services"),
    ({"procedure": "auction"}, "procedure", "Must be one of"),
    ({"buyer_legal_type": "city"}, "buyer_legal_type", "not an eForms buyer legal type"),
    ({"cpv_code": "45000000-8"}, "cpv_code", "Wrong check digit: the code is 45000000-7"),
    ({"cpv_code": "12345678-9"}, "cpv_code", "not a CPV 2008 code"),
    ({"additional_cpv_codes": ["45233141-9", "4523314"]}, "additional_cpv_codes.1", "eight digits"),
    ({"nuts_codes": ["FRZ99"]}, "nuts_codes.0", "not a NUTS code"),
    ({"estimated_value": {"amount": "10.00", "currency": "USD"}}, "estimated_value.currency", "EUR"),
    ({"estimated_value": {"amount": "-1", "currency": "EUR"}}, "estimated_value.amount", "negative"),
    ({"lots": []}, "lots", "at least one lot"),
    ({"lots": lots(cpv_code="45321000-4")}, "lots.0.cpv_code", "Wrong check digit"),
    ({"lots": lots(title={})}, "lots.0.title", "at least one"),
    ({"lots": lots(nuts_codes=["FRX9"])}, "lots.0.nuts_codes.0", "not a NUTS code"),
    ({"lots": lots(estimated_value={"amount": "5.00", "currency": "SEK"})}, "estimated_value.currency",
     "one currency"),
    ({"lots": lots() + lots()}, "lots.1.id", "used by another lot"),
    ({"award_criteria": [{"type": "price", "weight": "60"}, {"type": "quality", "weight": "30"}]},
     "award_criteria", "add up to 90"),
    ({"award_criteria": [{"type": "price", "weight": "60"}, {"type": "quality"}]}, "award_criteria",
     "every criterion or none"),
    ({"award_criteria": [{"type": "beauty"}]}, "award_criteria.0.type", "price, cost, quality"),
    ({"award_criteria": [{"type": "price", "weight": "0"}, {"type": "cost", "weight": "100"}]},
     "award_criteria.0.weight", "more than 0"),
    ({"lots": lots(award_criteria=[{"type": "price", "weight": "50"}])}, "lots.0.award_criteria", "not 100"),
    ({"sustainability": {"green": True, "gpp_criteria": ["eu-2024"]}}, "sustainability.gpp_criteria.0",
     "GPP criteria"),
    ({"sustainability": {"green": False, "gpp_criteria": ["eu"]}}, "sustainability.green", "green one"),
    ({"submission_languages": ["fr", "tr"]}, "submission_languages.1", "not an official EU language"),
    ({"market_consultation": {"starts_at": "2025-03-10T09:00:00Z", "place": "Mairie"}}, "market_consultation",
     "prior information notice"),
])
def test_a_content_rule_names_the_field_and_says_why(changes, path, reason):
    errors = errors_of(**changes)

    assert path in errors, errors
    assert reason in " ".join(errors[path])


def test_unweighted_criteria_are_fine():
    assert errors_of(award_criteria=[{"type": "price"}, {"type": "quality"}]) == {}


def test_a_prior_information_notice_may_announce_a_market_consultation():
    consultation = {"starts_at": "2025-03-10T09:00:00Z", "place": "Mairie de Beaune", "description": {"fr": "Café"}}

    assert errors_of(NoticeType.PRIOR_INFORMATION, market_consultation=consultation) == {}


def test_every_problem_is_reported_at_once():
    errors = errors_of(cpv_code="45000000-8", nuts_codes=["XX"], title={})

    assert {"cpv_code", "nuts_codes.0", "title"} <= set(errors)


def test_any_nuts_level_from_0_to_3_is_accepted():
    assert errors_of(nuts_codes=["FR", "FRC", "FRC1", "FRC11"]) == {}
