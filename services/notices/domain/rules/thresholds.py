"""EU thresholds as dated data, and which of them applies to a buyer.

The Commission revises the thresholds every two years (Delegated Regulations (EU) 2023/2495 to
2023/2497 for 2024-2025). Later periods come from the operator's file (`PROCURE_THRESHOLDS_FILE`),
so a new regulation needs no release.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CENTRAL, SUB_CENTRAL, UTILITIES_DEFENCE = "central-government", "sub-central", "utilities-defence"
BUYER_CATEGORIES = (CENTRAL, SUB_CENTRAL, UTILITIES_DEFENCE)

# eForms buyer-legal-type -> threshold category. Bodies controlled by a central government
# authority take the central threshold; public undertakings and entities with special or
# exclusive rights act as utilities, defence contractors under the defence directive.
# EU institutions and international organisations take the central one: the strictest reading,
# so that no notice escapes EU publication through a generous guess.
BUYER_LEGAL_TYPE_CATEGORY = {
    "cga": CENTRAL, "body-pl-cga": CENTRAL, "org-sub-cga": CENTRAL, "eu-ins-bod-ag": CENTRAL, "int-org": CENTRAL,
    "ra": SUB_CENTRAL, "la": SUB_CENTRAL, "body-pl": SUB_CENTRAL, "body-pl-ra": SUB_CENTRAL,
    "body-pl-la": SUB_CENTRAL, "org-sub": SUB_CENTRAL, "org-sub-ra": SUB_CENTRAL, "org-sub-la": SUB_CENTRAL,
    "pub-undert": UTILITIES_DEFENCE, "pub-undert-cga": UTILITIES_DEFENCE, "pub-undert-ra": UTILITIES_DEFENCE,
    "pub-undert-la": UTILITIES_DEFENCE, "spec-rights-entity": UTILITIES_DEFENCE, "def-cont": UTILITIES_DEFENCE,
}


@dataclass(frozen=True)
class ThresholdPeriod:
    """The thresholds in force from `starts` to `ends` (both included), in `currency`."""

    starts: date
    ends: date
    works: Decimal
    supplies_services: dict[str, Decimal]  # buyer category -> threshold
    currency: str = "EUR"

    def threshold(self, contract_nature: str, category: str) -> Decimal:
        return self.works if contract_nature == "works" else self.supplies_services[category]


PERIOD_2024_2025 = ThresholdPeriod(
    starts=date(2024, 1, 1), ends=date(2025, 12, 31), works=Decimal(5_538_000),
    supplies_services={CENTRAL: Decimal(143_000), SUB_CENTRAL: Decimal(221_000),
                       UTILITIES_DEFENCE: Decimal(443_000)})


@dataclass(frozen=True)
class Thresholds:
    periods: tuple[ThresholdPeriod, ...] = (PERIOD_2024_2025,)

    def in_force(self, day: date) -> ThresholdPeriod:
        """The period covering `day`; past the last known one, the latest stays in force until replaced."""
        covering = [period for period in self.periods if period.starts <= day <= period.ends]
        if covering:
            return covering[-1]
        earlier = [period for period in self.periods if period.starts <= day]
        return max(earlier or self.periods, key=lambda period: period.starts)

    def above(self, *, amount: Decimal | None, currency: str | None, contract_nature: str,
              buyer_legal_type: str | None, day: date) -> bool | None:
        """Whether a value reaches the EU threshold; None when it cannot be told (no value, another currency)."""
        period = self.in_force(day)
        if amount is None or currency != period.currency:
            return None
        category = BUYER_LEGAL_TYPE_CATEGORY.get(buyer_legal_type or "", CENTRAL)
        return amount >= period.threshold(contract_nature, category)

    def with_periods(self, extra: tuple[ThresholdPeriod, ...]) -> "Thresholds":
        return Thresholds(tuple(sorted((*self.periods, *extra), key=lambda period: period.starts)))


def period_from_data(data: dict) -> ThresholdPeriod:
    """One period of an operator's thresholds file; ValueError says what is wrong."""
    try:
        supplies = {category: Decimal(str(data["supplies_services"][category])) for category in BUYER_CATEGORIES}
        period = ThresholdPeriod(starts=date.fromisoformat(str(data["starts"])),
                                 ends=date.fromisoformat(str(data["ends"])), works=Decimal(str(data["works"])),
                                 supplies_services=supplies, currency=str(data.get("currency", "EUR")))
    except (KeyError, TypeError, ArithmeticError, ValueError) as error:
        raise ValueError(f"a threshold period needs starts, ends, works and supplies_services "
                         f"({', '.join(BUYER_CATEGORIES)}): {error}") from None
    if period.ends < period.starts or period.works <= 0 or min(supplies.values()) <= 0:
        raise ValueError(f"threshold period {period.starts}..{period.ends} is empty or has a threshold <= 0")
    return period
