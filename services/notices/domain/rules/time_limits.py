"""Minimum time limits and the order of dates, one small rule class per procedure.

The numbers are data (`TimeLimits`): Directive 2014/24/EU arts. 27-31 for the EU procedures,
the region's configuration for the below-threshold one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.notices.domain.content import NoticeContent
from services.notices.domain.validation import Problems


@dataclass(frozen=True)
class TimeLimits:
    open_days: int = 35                 # art. 27(1)
    open_electronic_days: int = 30      # art. 27(4): electronic submission accepted
    open_shortened_days: int = 15       # art. 27(2)-(3): prior information notice, or justified urgency
    requests_days: int = 30             # arts. 28(1), 29(1), 30(1), 31(1): requests to participate
    requests_urgent_days: int = 15      # art. 28(6)(a), 29(1): justified urgency
    below_threshold_days: int = 10      # set by the region


@dataclass(frozen=True)
class Publication:
    """What a rule needs to know besides the content."""

    content: NoticeContent
    published_at: datetime
    limits: TimeLimits
    after_prior_information: bool = False


def at_least(problems: Problems, path: str, deadline: datetime | None, since: datetime, days: int,
             rule: str) -> None:
    if deadline is None:
        problems.add(path, f"Required: {rule}")
    elif deadline < since + timedelta(days=days):
        problems.add(path, f"Too early: {rule}")


class ProcedureRule:
    """A procedure's time limits; subclasses say which deadlines it needs."""

    name = ""

    def check(self, publication: Publication, problems: Problems) -> None:
        check_order(publication.content, problems)


class OpenProcedure(ProcedureRule):
    name = "open"

    def check(self, publication: Publication, problems: Problems) -> None:
        super().check(publication, problems)
        days, why = self.minimum(publication)
        at_least(problems, "deadlines.submission", publication.content.deadlines.submission,
                 publication.published_at, days, f"open procedure: at least {days} days from publication ({why}).")

    @staticmethod
    def minimum(publication: Publication) -> tuple[int, str]:
        limits, content = publication.limits, publication.content
        if content.urgency:
            return limits.open_shortened_days, "justified urgency"
        if publication.after_prior_information:
            return limits.open_shortened_days, "after a prior information notice"
        if content.electronic_submission:
            return limits.open_electronic_days, "tenders submitted electronically"
        return limits.open_days, "Directive 2014/24/EU art. 27(1)"


class TwoStageProcedure(ProcedureRule):
    """Restricted, negotiation, dialogue, partnership: first requests to participate, then invited tenders."""

    urgency_allowed = True

    def check(self, publication: Publication, problems: Problems) -> None:
        super().check(publication, problems)
        limits, content = publication.limits, publication.content
        urgent = bool(content.urgency) and self.urgency_allowed
        days = limits.requests_urgent_days if urgent else limits.requests_days
        why = "justified urgency" if urgent else "requests to participate"
        at_least(problems, "deadlines.requests_to_participate", content.deadlines.requests_to_participate,
                 publication.published_at, days, f"{self.name} procedure: at least {days} days from "
                 f"publication for requests to participate ({why}).")


class RestrictedProcedure(TwoStageProcedure):
    name = "restricted"


class CompetitiveNegotiation(TwoStageProcedure):
    name = "competitive-negotiation"


class CompetitiveDialogue(TwoStageProcedure):
    name, urgency_allowed = "competitive-dialogue", False


class InnovationPartnership(TwoStageProcedure):
    name, urgency_allowed = "innovation-partnership", False


class NegotiatedWithoutPublication(ProcedureRule):
    """No call for competition: the invited candidates' time limits are agreed, only the order of dates holds."""

    name = "negotiated-without-publication"


class BelowThreshold(ProcedureRule):
    name = "below-threshold"

    def check(self, publication: Publication, problems: Problems) -> None:
        super().check(publication, problems)
        days = publication.limits.below_threshold_days
        at_least(problems, "deadlines.submission", publication.content.deadlines.submission,
                 publication.published_at, days,
                 f"below-threshold procedure: at least {days} days from publication (set by the region).")


RULES: dict[str, ProcedureRule] = {rule.name: rule for rule in (
    OpenProcedure(), RestrictedProcedure(), CompetitiveNegotiation(), CompetitiveDialogue(),
    InnovationPartnership(), NegotiatedWithoutPublication(), BelowThreshold())}


def rule_for(procedure: str) -> ProcedureRule:
    return RULES[procedure]


def check_order(content: NoticeContent, problems: Problems) -> None:
    """Questions close before submission, requests to participate too; opening comes at or after it."""
    deadlines = content.deadlines
    submission = deadlines.submission
    if submission is None:
        return
    if deadlines.questions is not None and deadlines.questions >= submission:
        problems.add("deadlines.questions", "The questions deadline comes before the submission deadline.")
    if deadlines.requests_to_participate is not None and deadlines.requests_to_participate >= submission:
        problems.add("deadlines.requests_to_participate",
                     "Requests to participate close before the submission deadline.")
    if deadlines.opening is not None and deadlines.opening < submission:
        problems.add("deadlines.opening", "Tenders are opened at or after the submission deadline.")
