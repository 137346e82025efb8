"""The Common Procurement Vocabulary (CPV 2008, Regulation (EC) 213/2008): main vocabulary, English labels.

A code is eight digits, a dash and a check digit (`45210000-2`). Its structure is its hierarchy:
the first two digits are the division, each further non-zero digit goes one level down
(`45` works, `452` complete or part construction, `4521` building construction...).

The check digit is the weighted sum of the eight digits (weights 3, 7, 1 repeated) modulo 10.
Codes carried over from earlier CPV versions kept their old check digit (the whole of division
42 for instance), so the published list, not the formula, is the authority: a code is valid
when it is in the list with exactly that check digit.
"""
from __future__ import annotations

import json
import re
from functools import cache

from procure.codelists.files import data_file

_FORMAT = re.compile(r"^(\d{8})-(\d)$")
_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)
# In the source file but not in CPV 2008: a catch-all of the source's own.
NOT_IN_CPV_2008 = frozenset({"99999999-9"})


class InvalidCpvCode(ValueError):
    """Why a string is not a CPV 2008 code, in words a person can act on."""


def computed_check_digit(stem: str) -> str:
    """The check digit the CPV formula gives for eight digits (see the module's note on older codes)."""
    return str(sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, stem, strict=True)) % 10)


@cache
def labels() -> dict[str, str]:
    """Every CPV 2008 code with its English label."""
    with data_file("cpv", "cpv_2008_en.json").open(encoding="utf-8") as source:
        return {code: label for code, label in json.load(source).items() if code not in NOT_IN_CPV_2008}


@cache
def _by_stem() -> dict[str, str]:
    return {code[:8]: code for code in labels()}


def validate(code: str) -> str:
    """The code itself when it is a CPV 2008 code; InvalidCpvCode saying why otherwise."""
    match = _FORMAT.match(code or "")
    if not match:
        raise InvalidCpvCode("A CPV code is eight digits, a dash and a check digit, e.g. 45210000-2.")
    known = _by_stem().get(match.group(1))
    if known is None:
        raise InvalidCpvCode(f"{match.group(1)} is not a CPV 2008 code.")
    if known != code:
        raise InvalidCpvCode(f"Wrong check digit: the code is {known}.")
    return code


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except InvalidCpvCode:
        return False
    return True


def label(code: str) -> str | None:
    return labels().get(code)


def significant_digits(code_or_prefix: str) -> str:
    """`45210000-2` -> `4521`: the digits that place a code in the tree (at least the division)."""
    stem = code_or_prefix.split("-", 1)[0]
    return stem.rstrip("0").ljust(2, "0")


def prefixes(code: str) -> list[str]:
    """Every prefix that covers the code, from its division down to itself: `4521` -> 45, 452, 4521."""
    digits = significant_digits(code)
    return [digits[:length] for length in range(2, len(digits) + 1)]


def parent(code: str) -> str | None:
    """The nearest broader code in the list (a few codes skip a level); None for a division."""
    digits = significant_digits(code)
    while len(digits) > 2:
        digits = digits[:-1]
        found = _by_stem().get(digits.ljust(8, "0"))
        if found:
            return found
    return None


@cache
def _children() -> dict[str, tuple[str, ...]]:
    tree: dict[str, list[str]] = {}
    for code in labels():
        above = parent(code)
        if above:
            tree.setdefault(above, []).append(code)
    return {code: tuple(sorted(below)) for code, below in tree.items()}


def children(code: str) -> tuple[str, ...]:
    return _children().get(code, ())


def divisions() -> list[str]:
    return [code for code in labels() if parent(code) is None]
