"""The public directory of suppliers: what a search asks for and what it shows.

Only suppliers who opted in are listed, and only what they chose to show plus where they are,
their size and their activities: never a person's name, e-mail or telephone.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from procure.codelists import cpv

MAX_WORDS = 8
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class DirectoryQuery:
    cpv_prefix: str | None = None       # significant digits: `45`, `4521`
    nuts_prefix: str | None = None      # `FR`, `FR1`, `FR101`
    size: str | None = None
    words: tuple[str, ...] = ()         # every word must start a word of the name
    after: tuple[str, uuid.UUID] | None = None   # (name, id) of the last supplier of the previous page

    @classmethod
    def build(cls, *, cpv_code: str | None = None, nuts: str | None = None, size: str | None = None,
              name: str | None = None, after=None) -> "DirectoryQuery":
        words = tuple(word.lower() for word in _WORD.findall(name or ""))[:MAX_WORDS]
        return cls(cpv_prefix=cpv.significant_digits(cpv_code) if cpv_code else None,
                   nuts_prefix=nuts.upper() if nuts else None, size=size, words=words, after=after)


@dataclass(frozen=True)
class ListedSupplier:
    id: uuid.UUID
    name: str
    country: str
    nuts: str | None
    size: str | None
    cpv_codes: tuple[str, ...]
    description: dict[str, str]
    website: str | None
