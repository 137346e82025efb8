"""A notice's content checked against the official code lists and its own cross-field rules.

Shape (types, lengths, formats) is the API schema's job; here each value is checked against
CPV 2008, NUTS, the eForms lists, and against the rest of the notice. Every problem is reported
under the path of the field (`lots.1.cpv_code`), all at once.
"""
from __future__ import annotations

from decimal import Decimal
from functools import cache

from procure.codelists import cpv, eforms, nuts
from procure.errors import InvalidInput
from services.notices.domain.content import (AWARD_CRITERION_TYPES, CONTRACT_NATURES, PROCEDURES, AwardCriterion,
                                              Lot, Money, NoticeContent)
from services.notices.domain.notice import NoticeType

# ISO 639-2 (the eForms `language_eu-official-language` codes) -> ISO 639-1, which the API speaks.
# ISO 639 pairs them one to one; test_validation_codelists checks that this covers the list exactly.
ISO_639_1 = {
    "BUL": "bg", "CES": "cs", "DAN": "da", "DEU": "de", "ELL": "el", "ENG": "en", "EST": "et", "FIN": "fi",
    "FRA": "fr", "GLE": "ga", "HRV": "hr", "HUN": "hu", "ITA": "it", "LAV": "lv", "LIT": "lt", "MLT": "mt",
    "NLD": "nl", "POL": "pl", "POR": "pt", "RON": "ro", "SLK": "sk", "SLV": "sl", "SPA": "es", "SWE": "sv",
}

# The eForms `currency` list is not shipped with the code lists yet: until it is, a notice may
# state its value in the euro or in the national currency of an EU or EEA state (Liechtenstein: CHF).
CURRENCIES = frozenset({"EUR", "BGN", "CZK", "DKK", "HUF", "PLN", "RON", "SEK", "ISK", "NOK", "CHF"})


@cache
def official_languages() -> frozenset[str]:
    """The EU official languages as two-letter codes, from the eForms list."""
    return frozenset(ISO_639_1[code] for code in eforms.official_languages())


class Problems:
    """Collects `path -> [reasons]` and raises them together as one 422."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, reason: str) -> None:
        self.errors.setdefault(path, []).append(reason)

    def raise_if_any(self, detail: str = "The notice is not valid; see `errors` for each field.") -> None:
        if self.errors:
            raise InvalidInput(detail, errors=self.errors)


def check_content(content: NoticeContent, notice_type: NoticeType) -> None:
    """Raises InvalidInput naming every field that breaks a code list or a rule of the notice."""
    problems = Problems()
    _texts(problems, "title", content.title, required=True)
    _texts(problems, "description", content.description, required=True)
    _one_of(problems, "contract_nature", content.contract_nature, CONTRACT_NATURES)
    _one_of(problems, "procedure", content.procedure, PROCEDURES)
    if content.buyer_legal_type is not None and content.buyer_legal_type not in eforms.buyer_legal_types():
        problems.add("buyer_legal_type", f"{content.buyer_legal_type!r} is not an eForms buyer legal type.")
    _cpv_codes(problems, "", content.cpv_code, content.additional_cpv_codes)
    _nuts_codes(problems, "nuts_codes", content.nuts_codes)
    _money(problems, "estimated_value", content.estimated_value)
    _lots(problems, content)
    _award_criteria(problems, "award_criteria", content.award_criteria)
    _sustainability(problems, content)
    for index, language in enumerate(content.submission_languages):
        if language not in official_languages():
            problems.add(f"submission_languages.{index}", f"{language!r} is not an official EU language.")
    if content.market_consultation is not None:
        if notice_type is not NoticeType.PRIOR_INFORMATION:
            problems.add("market_consultation", "Only a prior information notice announces a market consultation.")
        _texts(problems, "market_consultation.description", content.market_consultation.description)
    problems.raise_if_any()


def _texts(problems: Problems, path: str, texts: dict[str, str], *, required: bool = False) -> None:
    if required and not texts:
        problems.add(path, "Give the text in at least one official EU language.")
    for language in texts:
        if language not in official_languages():
            problems.add(f"{path}.{language}", f"{language!r} is not an official EU language (two letters).")


def _one_of(problems: Problems, path: str, value: str, allowed) -> None:
    if value not in allowed:
        problems.add(path, f"Must be one of: {', '.join(allowed)}.")


def _cpv_codes(problems: Problems, prefix: str, main: str, additional) -> None:
    for path, code in [(f"{prefix}cpv_code", main),
                       *((f"{prefix}additional_cpv_codes.{index}", code) for index, code in enumerate(additional))]:
        try:
            cpv.validate(code)
        except cpv.InvalidCpvCode as reason:
            problems.add(path, str(reason))


def _nuts_codes(problems: Problems, path: str, codes) -> None:
    for index, code in enumerate(codes):
        if not nuts.is_valid(code):
            problems.add(f"{path}.{index}", f"{code!r} is not a NUTS code of level 0 to 3.")


def _money(problems: Problems, path: str, money: Money | None) -> None:
    if money is None:
        return
    if money.currency not in CURRENCIES:
        problems.add(f"{path}.currency", f"Must be one of: {', '.join(sorted(CURRENCIES))}.")
    if money.amount < 0:
        problems.add(f"{path}.amount", "Must not be negative.")


def _lots(problems: Problems, content: NoticeContent) -> None:
    if not content.lots:
        problems.add("lots", "A notice has at least one lot.")
    seen: set[str] = set()
    for index, lot in enumerate(content.lots):
        _lot(problems, f"lots.{index}", lot)
        if lot.id in seen:
            problems.add(f"lots.{index}.id", f"{lot.id} is used by another lot.")
        seen.add(lot.id)
    currencies = {money.currency for money in [content.estimated_value, *(lot.estimated_value for lot in content.lots)]
                  if money is not None}
    if len(currencies) > 1:
        problems.add("estimated_value.currency", "The notice and its lots state values in one currency.")


def _lot(problems: Problems, path: str, lot: Lot) -> None:
    _texts(problems, f"{path}.title", lot.title, required=True)
    _texts(problems, f"{path}.description", lot.description)
    _cpv_codes(problems, f"{path}.", lot.cpv_code, lot.additional_cpv_codes)
    _nuts_codes(problems, f"{path}.nuts_codes", lot.nuts_codes)
    _money(problems, f"{path}.estimated_value", lot.estimated_value)
    _award_criteria(problems, f"{path}.award_criteria", lot.award_criteria)


def _award_criteria(problems: Problems, path: str, criteria: tuple[AwardCriterion, ...]) -> None:
    for index, criterion in enumerate(criteria):
        _one_of(problems, f"{path}.{index}.type", criterion.type, AWARD_CRITERION_TYPES)
        _texts(problems, f"{path}.{index}.name", criterion.name)
        if criterion.weight is not None and not Decimal(0) < criterion.weight <= Decimal(100):
            problems.add(f"{path}.{index}.weight", "A weight is more than 0 and at most 100.")
    weighted = [criterion.weight for criterion in criteria if criterion.weight is not None]
    if weighted and len(weighted) != len(criteria):
        problems.add(path, "Weight every criterion or none of them.")
    elif weighted and sum(weighted) != Decimal(100):
        problems.add(path, f"The weights add up to {sum(weighted)}, not 100.")


def _sustainability(problems: Problems, content: NoticeContent) -> None:
    criteria = content.sustainability.gpp_criteria
    for index, code in enumerate(criteria):
        if code not in eforms.gpp_criteria():
            problems.add(f"sustainability.gpp_criteria.{index}",
                         f"Must be one of the eForms GPP criteria: {', '.join(sorted(eforms.gpp_criteria()))}.")
    if criteria and not content.sustainability.green and set(criteria) != {"none"}:
        problems.add("sustainability.green", "A notice that refers to GPP criteria is a green one.")
