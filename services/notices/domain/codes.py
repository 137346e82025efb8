"""CPV and NUTS codes as the code list endpoints show them: a code, its label, its place in the tree.

Which codes exist and how they nest comes from the kit (procure.codelists); labels come from the
label store in whatever languages were loaded, English when the language asked for has none.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from enum import Enum
from functools import cache

from procure.codelists import cpv, nuts
from procure.errors import InvalidInput, NotFound

FALLBACK_LANGUAGE = "en"

# The 24 official EU languages: ISO 639-2 code (bibliographic and terminology forms, as Genericode
# `<code>_label` columns use them) -> ISO 639-1. The eForms `eu-official-language` list names the
# languages but carries no two-letter code, hence this table.
ISO_639_1 = {
    "bul": "bg", "ces": "cs", "cze": "cs", "dan": "da", "deu": "de", "ger": "de", "ell": "el", "gre": "el",
    "eng": "en", "spa": "es", "est": "et", "fin": "fi", "fra": "fr", "fre": "fr", "gle": "ga", "hrv": "hr",
    "hun": "hu", "ita": "it", "lit": "lt", "lav": "lv", "mlt": "mt", "nld": "nl", "dut": "nl", "pol": "pl",
    "por": "pt", "ron": "ro", "rum": "ro", "slk": "sk", "slo": "sk", "slv": "sl", "swe": "sv",
}
LANGUAGES = tuple(sorted(set(ISO_639_1.values())))

_CPV_CODE = re.compile(r"^\d{8}-\d$")
_CPV_PREFIX = re.compile(r"^\d{1,8}(-\d)?$")
_NUTS_CODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")
_WORD = re.compile(r"\w+")
MAX_WORDS = 8


class CodeList(str, Enum):
    CPV = "cpv"
    NUTS = "nuts"


@dataclass(frozen=True)
class LabelledCode:
    code: str
    label: str | None          # None: no list loaded names it (NUTS levels 0 to 2 in the shipped lists)
    language: str | None       # the language of `label`


@dataclass(frozen=True)
class CodeInTree:
    code: LabelledCode
    level: int
    ancestors: tuple[LabelledCode, ...] = field(default=())   # broadest first
    children: tuple[LabelledCode, ...] = field(default=())


def two_letter_language(column_language: str) -> str | None:
    """`fra` -> `fr`; None for a language outside the 24 official ones."""
    return ISO_639_1.get(column_language.lower())


def checked_cpv(code: str) -> str:
    """The code when it is a CPV 2008 code: 422 when malformed or its check digit is wrong, 404 when unknown."""
    if not _CPV_CODE.match(code):
        raise InvalidInput("A CPV code is eight digits, a dash and a check digit, e.g. 45210000-2.",
                           errors={"code": ["Not a CPV code."]})
    known = _cpv_by_stem().get(code[:8])
    if known is None:
        raise NotFound(f"{code} is not in the CPV 2008 vocabulary.")
    if known != code:
        raise InvalidInput(f"Wrong check digit: the code is {known}.", errors={"code": [f"Did you mean {known}?"]})
    return code


def cpv_from_list(listed: str) -> str | None:
    """The CPV 2008 code a code list row names: with its check digit, or only the eight digits as the
    eForms lists write them (`75121000` -> `75121000-0`); None when it is not in the vocabulary."""
    if re.fullmatch(r"\d{8}", listed):
        return _cpv_by_stem().get(listed)
    return listed if _CPV_CODE.match(listed) and _cpv_by_stem().get(listed[:8]) == listed else None


@cache
def _cpv_by_stem() -> dict[str, str]:
    return {code[:8]: code for code in cpv.labels()}


def checked_nuts(code: str) -> str:
    """The code when it is a NUTS code of level 0 to 3: 422 when malformed, 404 when unknown."""
    if not _NUTS_CODE.match(code):
        raise InvalidInput("A NUTS code is two capital letters and up to three letters or digits, e.g. FR101.",
                           errors={"code": ["Not a NUTS code."]})
    if not nuts.is_valid(code):
        raise NotFound(f"{code} is not a NUTS region of level 0 to 3.")
    return code


def cpv_ancestors(code: str) -> tuple[str, ...]:
    """From the division down to the code's parent."""
    chain: list[str] = []
    above = cpv.parent(code)
    while above:
        chain.append(above)
        above = cpv.parent(above)
    return tuple(reversed(chain))


def cpv_level(code: str) -> int:
    """0 for a division, one more for each step down the tree."""
    return len(cpv_ancestors(code))


def nuts_ancestors(code: str) -> tuple[str, ...]:
    return tuple(code[:length] for length in range(2, len(code)))


@cache
def _nuts_sorted() -> tuple[str, ...]:
    return tuple(sorted(nuts.codes()))


def nuts_with_prefix(prefix: str, limit: int) -> list[str]:
    """NUTS codes starting with `prefix`, in code order: a bisection of the kit's sorted list."""
    codes = _nuts_sorted()
    found = []
    for code in codes[bisect_left(codes, prefix):]:
        if not code.startswith(prefix) or len(found) == limit:
            break
        found.append(code)
    return found


def nuts_children(code: str) -> tuple[str, ...]:
    return tuple(child for child in nuts_with_prefix(code, 10_000) if len(child) == len(code) + 1)


def code_prefix(code_list: CodeList, query: str) -> str | None:
    """The code prefix a search text stands for, if it looks like one (`4521`, `45210000-2`, `fr10`)."""
    text = query.strip()
    if code_list is CodeList.CPV:
        return text if _CPV_PREFIX.match(text) else None
    text = text.upper()
    return text if _NUTS_CODE.match(text) and nuts_with_prefix(text, 1) else None


def search_words(query: str) -> list[str]:
    """The words of a search text, lower case, at most MAX_WORDS: each matches a label word's beginning."""
    return [word.lower() for word in _WORD.findall(query)][:MAX_WORDS]


def cpv_code_for(prefix_or_code: str) -> str | None:
    """The CPV code a division or other significant-digit prefix names (`45` -> `45000000-7`), or the code."""
    if _CPV_CODE.match(prefix_or_code):
        return prefix_or_code if cpv.is_valid(prefix_or_code) else None
    if not prefix_or_code.isdigit() or not 2 <= len(prefix_or_code) <= 8:
        return None
    return _cpv_by_stem().get(prefix_or_code.ljust(8, "0"))
