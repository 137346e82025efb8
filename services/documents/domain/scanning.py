"""What the service makes of a virus scan: a file is served only when the scanner says it is clean.

A file clamd could not scan (too large for its StreamMaxLength, unreadable archive, ...)
is held like an infected one: serving it would mean serving bytes nobody checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# The document status the core gives a file held back by its scan.
QUARANTINED = "quarantined"
_MAX_DETAIL = 200


class ScanStatus(StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    UNSCANNABLE = "unscannable"


@dataclass(frozen=True)
class ScanVerdict:
    """The scan of one uploaded file; `signature` names the malware found, `detail` why no scan was possible."""

    status: ScanStatus
    signature: str | None = None
    detail: str | None = None

    @classmethod
    def clean(cls) -> ScanVerdict:
        return cls(ScanStatus.CLEAN)

    @classmethod
    def infected(cls, signature: str) -> ScanVerdict:
        return cls(ScanStatus.INFECTED, signature=signature)

    @classmethod
    def unscannable(cls, detail: str) -> ScanVerdict:
        return cls(ScanStatus.UNSCANNABLE, detail=detail[:_MAX_DETAIL])

    @property
    def quarantined(self) -> bool:
        """Whether the file must never be served."""
        return self.status is not ScanStatus.CLEAN

    @property
    def reason(self) -> str | None:
        """What the owner is told about a quarantined file; None for a clean one."""
        if self.status is ScanStatus.INFECTED:
            return f"The virus scan found malware in this file ({self.signature}); it will not be served."
        if self.status is ScanStatus.UNSCANNABLE:
            return f"The virus scan could not check this file ({self.detail}); it will not be served."
        return None
