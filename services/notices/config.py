"""Settings of the notices service."""
from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import Field, PrivateAttr, field_validator

from procure.config import KitSettings
from services.notices.domain.amendments import AmendmentPolicy
from services.notices.domain.rules import PublicationRules
from services.notices.domain.rules.thresholds import Thresholds, period_from_data
from services.notices.domain.rules.time_limits import TimeLimits


class NoticesSettings(KitSettings):
    # Procedure rules (services/notices/domain/rules/).
    thresholds_file: Path | None = Field(
        None, description="JSON or YAML list of EU threshold periods added to the shipped 2024-2025 table")
    below_threshold_days: int = Field(10, ge=1, le=365,
                                      description="minimum days from publication to submission, below threshold")
    # Lifecycle and amendments (services/notices/domain/lifecycle.py, amendments.py).
    deadline_poll_seconds: float = Field(30.0, gt=0, le=3600,
                                         description="how often the scheduler looks for passed submission deadlines")
    deadline_batch_size: int = Field(20, ge=1, le=1000, description="notices the scheduler closes per round at most")
    amendment_window_days: int = Field(6, ge=0, le=365, description="an amendment made less than this many days "
                                       "before the submission deadline must extend it")
    amendment_minimum_extension_days: int = Field(6, ge=1, le=365,
                                                  description="the least extension such an amendment gives")
    _thresholds: Thresholds = PrivateAttr(default_factory=Thresholds)

    @field_validator("thresholds_file")
    @classmethod
    def _readable_periods(cls, value: Path | None) -> Path | None:
        if value is not None:
            load_threshold_periods(value)  # refuses to start on a file it cannot use
        return value

    def model_post_init(self, context) -> None:
        super().model_post_init(context)
        if self.thresholds_file is not None:
            self._thresholds = Thresholds().with_periods(load_threshold_periods(self.thresholds_file))

    def publication_rules(self) -> PublicationRules:
        return PublicationRules(self._thresholds, TimeLimits(below_threshold_days=self.below_threshold_days))

    def amendment_policy(self) -> AmendmentPolicy:
        return AmendmentPolicy(self.amendment_window_days, self.amendment_minimum_extension_days)


def load_threshold_periods(path: Path) -> tuple:
    """`[{"starts": "2026-01-01", "ends": "2027-12-31", "works": 5404000, "supplies_services": {...}}]`."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise ValueError(f"cannot read {path}: {error}") from None
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path} must hold a non-empty list of threshold periods")
    return tuple(period_from_data(item) if isinstance(item, dict) else period_from_data({}) for item in data)
