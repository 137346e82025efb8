"""Rows of the `notices` table built straight from a few facts, for search tests and the search benchmark.

Every derived column (CPV and NUTS prefixes, languages, flags) is filled the way the repository
fills it, so a row inserted here is found exactly as a published notice would be.
"""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import cache

from procure.codelists import cpv, nuts

COUNTRIES = ("FR", "DE", "ES", "IT", "PL", "BE")
PUBLIC_STATUSES = ("published", "submission-closed", "opened", "awarded", "unsuccessful", "cancelled")
PROCEDURES = ("open", "restricted", "competitive-negotiation", "competitive-dialogue", "innovation-partnership",
              "negotiated-without-publication", "below-threshold")
NATURES = ("works", "supplies", "services")
WORDS = {
    "fr": "travaux route école réfection voirie fourniture matériel informatique nettoyage bâtiments pont "
          "rénovation énergétique entretien espaces verts restauration scolaire".split(),
    "en": "works road school repair paving supply computer equipment cleaning buildings bridge "
          "energy renovation maintenance green spaces catering".split(),
    "de": "bauarbeiten straße schule sanierung lieferung computer ausrüstung reinigung gebäude brücke "
          "energetische renovierung wartung grünflächen verpflegung".split(),
    "es": "obras carretera escuela reparación suministro equipos informáticos limpieza edificios puente "
          "renovación energética mantenimiento".split(),
    "it": "lavori strada scuola riparazione fornitura attrezzature informatiche pulizia edifici ponte "
          "ristrutturazione manutenzione".split(),
    "pl": "roboty droga szkoła naprawa dostawa sprzęt komputerowy sprzątanie budynki most remont".split(),
}
COLUMNS = ("id", "buyer_id", "notice_type", "status", "procedure", "contract_nature", "title", "description",
           "content", "cpv_code", "cpv_codes", "cpv_prefixes", "nuts_codes", "nuts_prefixes", "languages",
           "estimated_value", "currency", "above_threshold", "green", "social", "innovation",
           "submission_deadline", "questions_deadline", "version", "created_by", "created_at", "published_at",
           "modified_at")


@cache
def cpv_codes() -> tuple[str, ...]:
    return tuple(sorted(cpv.labels()))


@cache
def nuts_codes(countries: tuple[str, ...] = COUNTRIES) -> tuple[str, ...]:
    return tuple(sorted(code for code in nuts.codes() if code[:2] in countries and len(code) >= 3))


def nuts_prefixes(code: str) -> list[str]:
    return [code[:length] for length in range(2, len(code) + 1)]


def notice_row(*, title: dict, description: dict, cpv_code: str, nuts: list[str], published_at: datetime,
               status: str = "published", procedure: str = "open", nature: str = "works",
               additional_cpv: list[str] = (), deadline: datetime | None = None, value: Decimal | None = None,
               currency: str | None = None, green: bool = False, social: bool = False, innovation: bool = False,
               above_threshold: bool | None = None, buyer_id: uuid.UUID | None = None) -> dict:
    """One row with every column a published notice has."""
    codes = [cpv_code, *additional_cpv]
    return {
        "id": uuid.uuid4(), "buyer_id": buyer_id or uuid.uuid4(), "notice_type": "contract", "status": status,
        "procedure": procedure, "contract_nature": nature, "title": title, "description": description,
        "content": {"title": title, "description": description, "cpv_code": cpv_code, "procedure": procedure,
                    "contract_nature": nature},
        "cpv_code": cpv_code, "cpv_codes": codes,
        "cpv_prefixes": sorted({prefix for code in codes for prefix in cpv.prefixes(code)}),
        "nuts_codes": list(nuts), "nuts_prefixes": sorted({prefix for code in nuts for prefix in nuts_prefixes(code)}),
        "languages": sorted(set(title) | set(description)), "estimated_value": value,
        "currency": currency if value is not None else None, "above_threshold": above_threshold,
        "green": green, "social": social, "innovation": innovation, "submission_deadline": deadline,
        "questions_deadline": deadline - timedelta(days=5) if deadline else None, "version": 1,
        "created_by": "generated", "created_at": published_at, "published_at": published_at,
        "modified_at": published_at}


def random_text(rng: random.Random, language: str, words: int) -> str:
    return " ".join(rng.choice(WORDS[language]) for _ in range(words))


def random_row(rng: random.Random, now: datetime | None = None) -> dict:
    """A plausible published notice: real codes, one or two languages, a deadline within the year."""
    now = now or datetime.now(timezone.utc)
    languages = rng.sample(sorted(WORDS), rng.choice((1, 1, 2)))
    value = Decimal(rng.randrange(10_000, 20_000_000)) if rng.random() < 0.8 else None
    published = now - timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
    return notice_row(
        title={language: random_text(rng, language, rng.randint(3, 7)) for language in languages},
        description={language: random_text(rng, language, rng.randint(10, 30)) for language in languages},
        cpv_code=rng.choice(cpv_codes()), additional_cpv=rng.sample(cpv_codes(), rng.choice((0, 0, 1, 2))),
        nuts=rng.sample(nuts_codes(), rng.choice((1, 1, 2))), published_at=published,
        status=rng.choices(PUBLIC_STATUSES, weights=(6, 2, 1, 1, 1, 1))[0], procedure=rng.choice(PROCEDURES),
        nature=rng.choice(NATURES),
        deadline=published + timedelta(days=rng.randint(15, 90)) if rng.random() < 0.95 else None,
        value=value, currency=rng.choice(("EUR", "EUR", "EUR", "PLN")) if value is not None else None,
        green=rng.random() < 0.2, social=rng.random() < 0.1, innovation=rng.random() < 0.05,
        above_threshold=(value >= 221_000) if value is not None else None)
