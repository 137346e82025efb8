"""What a notice says: frozen values, and their JSON form as stored and exchanged.

Times are UTC datetimes, amounts Decimals; the JSON form writes them as RFC 3339 strings and
decimal strings so that nothing is lost on the way through `jsonb`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

CONTRACT_NATURES = ("works", "supplies", "services")
PROCEDURES = ("open", "restricted", "competitive-negotiation", "competitive-dialogue",
              "innovation-partnership", "negotiated-without-publication", "below-threshold")
AWARD_CRITERION_TYPES = ("price", "cost", "quality")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class AwardCriterion:
    type: str
    name: dict[str, str] = field(default_factory=dict)
    weight: Decimal | None = None


@dataclass(frozen=True)
class Lot:
    id: str
    title: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    cpv_code: str = ""
    additional_cpv_codes: tuple[str, ...] = ()
    nuts_codes: tuple[str, ...] = ()
    estimated_value: Money | None = None
    award_criteria: tuple[AwardCriterion, ...] = ()


@dataclass(frozen=True)
class Sustainability:
    green: bool = False
    social: bool = False
    innovation: bool = False
    gpp_criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deadlines:
    questions: datetime | None = None
    submission: datetime | None = None
    opening: datetime | None = None
    requests_to_participate: datetime | None = None


@dataclass(frozen=True)
class MarketConsultation:
    starts_at: datetime
    place: str
    description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NoticeContent:
    title: dict[str, str]
    description: dict[str, str]
    contract_nature: str
    procedure: str
    cpv_code: str
    additional_cpv_codes: tuple[str, ...] = ()
    nuts_codes: tuple[str, ...] = ()
    estimated_value: Money | None = None
    lots: tuple[Lot, ...] = ()
    award_criteria: tuple[AwardCriterion, ...] = ()
    sustainability: Sustainability = Sustainability()
    variants_allowed: bool = False
    submission_languages: tuple[str, ...] = ()
    electronic_submission: bool = True
    esignature_required: bool | None = None
    urgency: str | None = None
    deadlines: Deadlines = Deadlines()
    market_consultation: MarketConsultation | None = None
    buyer_legal_type: str | None = None


def all_cpv_codes(content: NoticeContent) -> list[str]:
    """The main code, the additional ones and every lot's, once each, in order."""
    codes = [content.cpv_code, *content.additional_cpv_codes]
    for lot in content.lots:
        codes += [lot.cpv_code, *lot.additional_cpv_codes]
    return list(dict.fromkeys(code for code in codes if code))


def all_nuts_codes(content: NoticeContent) -> list[str]:
    codes = list(content.nuts_codes)
    for lot in content.lots:
        codes += lot.nuts_codes
    return list(dict.fromkeys(codes))


def languages(content: NoticeContent) -> list[str]:
    """Every language the notice is written in (its title and description), sorted."""
    return sorted(set(content.title) | set(content.description))


def total_estimated_value(content: NoticeContent) -> Money | None:
    """The notice's estimated value, or the sum of its lots' when they all share a currency."""
    if content.estimated_value is not None:
        return content.estimated_value
    values = [lot.estimated_value for lot in content.lots if lot.estimated_value is not None]
    if not values or len({value.currency for value in values}) != 1:
        return None
    return Money(sum((value.amount for value in values), Decimal(0)), values[0].currency)


# JSON form ---------------------------------------------------------------------------------------

def content_to_json(content: NoticeContent) -> dict[str, Any]:
    return {
        "title": dict(content.title), "description": dict(content.description),
        "contract_nature": content.contract_nature, "procedure": content.procedure,
        "buyer_legal_type": content.buyer_legal_type,
        "cpv_code": content.cpv_code, "additional_cpv_codes": list(content.additional_cpv_codes),
        "nuts_codes": list(content.nuts_codes), "estimated_value": _money_out(content.estimated_value),
        "lots": [_lot_out(lot) for lot in content.lots],
        "award_criteria": [_criterion_out(criterion) for criterion in content.award_criteria],
        "sustainability": {"green": content.sustainability.green, "social": content.sustainability.social,
                           "innovation": content.sustainability.innovation,
                           "gpp_criteria": list(content.sustainability.gpp_criteria)},
        "variants_allowed": content.variants_allowed,
        "submission_languages": list(content.submission_languages),
        "electronic_submission": content.electronic_submission,
        "esignature_required": content.esignature_required, "urgency": content.urgency,
        "deadlines": {name: _time_out(getattr(content.deadlines, name))
                      for name in ("questions", "submission", "opening", "requests_to_participate")},
        "market_consultation": _consultation_out(content.market_consultation),
    }


def content_from_json(data: dict[str, Any]) -> NoticeContent:
    sustainability = data.get("sustainability") or {}
    deadlines = data.get("deadlines") or {}
    return NoticeContent(
        title=dict(data.get("title") or {}), description=dict(data.get("description") or {}),
        contract_nature=data.get("contract_nature", ""), procedure=data.get("procedure", ""),
        buyer_legal_type=data.get("buyer_legal_type"),
        cpv_code=data.get("cpv_code", ""), additional_cpv_codes=tuple(data.get("additional_cpv_codes") or ()),
        nuts_codes=tuple(data.get("nuts_codes") or ()), estimated_value=_money_in(data.get("estimated_value")),
        lots=tuple(_lot_in(lot) for lot in data.get("lots") or ()),
        award_criteria=tuple(_criterion_in(criterion) for criterion in data.get("award_criteria") or ()),
        sustainability=Sustainability(
            green=bool(sustainability.get("green")), social=bool(sustainability.get("social")),
            innovation=bool(sustainability.get("innovation")),
            gpp_criteria=tuple(sustainability.get("gpp_criteria") or ())),
        variants_allowed=bool(data.get("variants_allowed", False)),
        submission_languages=tuple(data.get("submission_languages") or ()),
        electronic_submission=bool(data.get("electronic_submission", True)),
        esignature_required=data.get("esignature_required"), urgency=data.get("urgency"),
        deadlines=Deadlines(**{name: _time_in(deadlines.get(name))
                               for name in ("questions", "submission", "opening", "requests_to_participate")}),
        market_consultation=_consultation_in(data.get("market_consultation")),
    )


def _money_out(money: Money | None) -> dict | None:
    return None if money is None else {"amount": str(money.amount), "currency": money.currency}


def _money_in(data) -> Money | None:
    return None if not data else Money(Decimal(str(data["amount"])), data["currency"])


def _time_out(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _time_in(text) -> datetime | None:
    if text is None:
        return None
    moment = text if isinstance(text, datetime) else datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return moment.astimezone(timezone.utc)


def _criterion_out(criterion: AwardCriterion) -> dict:
    return {"type": criterion.type, "name": dict(criterion.name),
            "weight": None if criterion.weight is None else str(criterion.weight)}


def _criterion_in(data: dict) -> AwardCriterion:
    weight = data.get("weight")
    return AwardCriterion(type=data["type"], name=dict(data.get("name") or {}),
                          weight=None if weight is None else Decimal(str(weight)))


def _lot_out(lot: Lot) -> dict:
    return {"id": lot.id, "title": dict(lot.title), "description": dict(lot.description),
            "cpv_code": lot.cpv_code, "additional_cpv_codes": list(lot.additional_cpv_codes),
            "nuts_codes": list(lot.nuts_codes), "estimated_value": _money_out(lot.estimated_value),
            "award_criteria": [_criterion_out(criterion) for criterion in lot.award_criteria]}


def _lot_in(data: dict) -> Lot:
    return Lot(id=data["id"], title=dict(data.get("title") or {}), description=dict(data.get("description") or {}),
               cpv_code=data.get("cpv_code", ""), additional_cpv_codes=tuple(data.get("additional_cpv_codes") or ()),
               nuts_codes=tuple(data.get("nuts_codes") or ()), estimated_value=_money_in(data.get("estimated_value")),
               award_criteria=tuple(_criterion_in(criterion) for criterion in data.get("award_criteria") or ()))


def _consultation_out(consultation: MarketConsultation | None) -> dict | None:
    if consultation is None:
        return None
    return {"starts_at": _time_out(consultation.starts_at), "place": consultation.place,
            "description": dict(consultation.description)}


def _consultation_in(data) -> MarketConsultation | None:
    if not data:
        return None
    return MarketConsultation(starts_at=_time_in(data["starts_at"]), place=data.get("place", ""),
                              description=dict(data.get("description") or {}))
