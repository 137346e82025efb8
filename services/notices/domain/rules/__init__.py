"""Procedure rules checked at publication: EU thresholds, minimum time limits, order of dates.

`PublicationRules` holds the numbers (thresholds by period, time limits); the procedure's own rule
class comes from the registry in `time_limits.RULES`, chosen by the notice's procedure.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from services.notices.domain.content import NoticeContent, total_estimated_value
from services.notices.domain.notice import Notice, NoticeType
from services.notices.domain.rules.thresholds import Thresholds
from services.notices.domain.rules.time_limits import Publication, TimeLimits, check_order, rule_for
from services.notices.domain.validation import Problems


@dataclass(frozen=True)
class PublicationRules:
    thresholds: Thresholds = Thresholds()
    time_limits: TimeLimits = TimeLimits()

    def classify(self, content: NoticeContent, day) -> bool | None:
        value = total_estimated_value(content)
        return self.thresholds.above(amount=value and value.amount, currency=value and value.currency,
                                     contract_nature=content.contract_nature,
                                     buyer_legal_type=content.buyer_legal_type, day=day)

    def resolve(self, notice: Notice, now: datetime, *, after_prior_information: bool = False
                ) -> tuple[NoticeContent, bool | None]:
        """The content as it will be published and whether it is above threshold; InvalidInput quoting the rule."""
        content = notice.content
        above = self.classify(content, now.date())
        problems = Problems()
        if notice.notice_type is NoticeType.CONTRACT:
            _contract_notice(content, above, problems)
            rule_for(content.procedure).check(
                Publication(content, now, self.time_limits, after_prior_information), problems)
        else:
            check_order(content, problems)
            consultation = content.market_consultation
            if consultation is not None and consultation.starts_at <= now:
                problems.add("market_consultation.starts_at", "The market consultation is after publication.")
        problems.raise_if_any("The notice breaks a rule of its procedure; see `errors` for the rule.")
        if content.esignature_required is None:
            # Unknown (no value in euro) counts as above: the stricter rule until the buyer says otherwise.
            content = dataclasses.replace(content, esignature_required=above is not False)
        return content, above


def _contract_notice(content: NoticeContent, above: bool | None, problems: Problems) -> None:
    if content.procedure == "below-threshold" and above:
        problems.add("procedure", "The estimated value reaches the EU threshold: a below-threshold procedure "
                                  "cannot be used.")
    if not content.submission_languages:
        problems.add("submission_languages", "Say in which language(s) tenders may be submitted.")
    if content.buyer_legal_type is None:
        problems.add("buyer_legal_type", "Required to tell whether the EU thresholds apply.")
