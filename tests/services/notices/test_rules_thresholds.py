"""EU thresholds by period, contract nature and buyer legal type; the operator's extra periods."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from procure.codelists import eforms
from services.notices.domain.rules.thresholds import BUYER_LEGAL_TYPE_CATEGORY, Thresholds, period_from_data

pytestmark = pytest.mark.unit

DAY = date(2025, 6, 1)


def above(amount, nature="supplies", legal_type="cga", currency="EUR", day=DAY, thresholds=Thresholds()):
    return thresholds.above(amount=Decimal(amount), currency=currency, contract_nature=nature,
                            buyer_legal_type=legal_type, day=day)


def test_every_eforms_buyer_legal_type_has_a_threshold_category():
    assert set(BUYER_LEGAL_TYPE_CATEGORY) == set(eforms.buyer_legal_types())


@pytest.mark.parametrize("legal_type, threshold", [
    ("cga", 143_000), ("body-pl-cga", 143_000), ("la", 221_000), ("ra", 221_000), ("body-pl", 221_000),
    ("pub-undert", 443_000), ("spec-rights-entity", 443_000), ("def-cont", 443_000)])
def test_supplies_and_services_thresholds_depend_on_the_buyer(legal_type, threshold):
    assert above(threshold - 1, legal_type=legal_type) is False
    assert above(threshold, legal_type=legal_type) is True
    assert above(threshold, nature="services", legal_type=legal_type) is True


@pytest.mark.parametrize("legal_type", ["cga", "la", "pub-undert"])
def test_works_have_one_threshold_for_every_buyer(legal_type):
    assert above(5_537_999, nature="works", legal_type=legal_type) is False
    assert above(5_538_000, nature="works", legal_type=legal_type) is True


def test_a_value_in_another_currency_cannot_be_classified():
    assert above(10_000_000, currency="SEK") is None


def test_a_later_period_from_the_operator_applies_from_its_start():
    later = period_from_data({"starts": "2026-01-01", "ends": "2027-12-31", "works": 5_404_000,
                              "supplies_services": {"central-government": 140_000, "sub-central": 216_000,
                                                    "utilities-defence": 432_000}})
    thresholds = Thresholds().with_periods((later,))

    assert above(141_000, day=date(2025, 12, 31), thresholds=thresholds) is False
    assert above(141_000, day=date(2026, 1, 1), thresholds=thresholds) is True


def test_past_the_last_period_the_latest_thresholds_stay_in_force():
    assert Thresholds().in_force(date(2030, 1, 1)).works == Decimal(5_538_000)


@pytest.mark.parametrize("data", [{}, {"starts": "2026-01-01", "ends": "2025-01-01", "works": 1,
                                       "supplies_services": {"central-government": 1, "sub-central": 1,
                                                             "utilities-defence": 1}},
                                  {"starts": "2026-01-01", "ends": "2027-01-01", "works": 1,
                                   "supplies_services": {"central-government": 1}}])
def test_an_unusable_period_is_refused(data):
    with pytest.raises(ValueError):
        period_from_data(data)


def test_the_settings_refuse_to_start_on_a_bad_thresholds_file(tmp_path, monkeypatch):
    from procure.config import ConfigurationError, load_settings
    from services.notices.config import NoticesSettings
    bad = tmp_path / "thresholds.json"
    bad.write_text(json.dumps([{"starts": "2026-01-01"}]))
    for name, value in {"PROCURE_ISSUER": "https://region.example", "PROCURE_JWKS_URL": "http://x/jwks",
                        "PROCURE_DATABASE_URL": "postgresql://u@h/db", "PROCURE_AMQP_URL": "memory://",
                        "PROCURE_THRESHOLDS_FILE": str(bad)}.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ConfigurationError, match="THRESHOLDS_FILE|thresholds_file"):
        load_settings(NoticesSettings)


def test_the_settings_add_the_operators_periods(tmp_path, monkeypatch):
    from procure.config import load_settings
    from services.notices.config import NoticesSettings
    good = tmp_path / "thresholds.yaml"
    good.write_text("- starts: 2026-01-01\n  ends: 2027-12-31\n  works: 5404000\n  supplies_services:\n"
                    "    central-government: 140000\n    sub-central: 216000\n    utilities-defence: 432000\n")
    for name, value in {"PROCURE_ISSUER": "https://region.example", "PROCURE_JWKS_URL": "http://x/jwks",
                        "PROCURE_DATABASE_URL": "postgresql://u@h/db", "PROCURE_AMQP_URL": "memory://",
                        "PROCURE_THRESHOLDS_FILE": str(good)}.items():
        monkeypatch.setenv(name, value)

    rules = load_settings(NoticesSettings).publication_rules()

    assert rules.thresholds.in_force(date(2026, 6, 1)).works == Decimal(5_404_000)
