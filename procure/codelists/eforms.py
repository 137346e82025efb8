"""Small eForms code lists used as sets of codes, with their labels when needed."""
from __future__ import annotations

from functools import cache

from procure.codelists.files import data_file
from procure.codelists.genericode import CodeList, read_genericode


@cache
def code_list(name: str) -> CodeList:
    """One of the shipped eForms lists by file name without `.gc`, e.g. `buyer-legal-type`."""
    path = data_file("eforms", f"{name}.gc")
    if not path.is_file():
        raise KeyError(f"no shipped eForms code list named {name!r}")
    return read_genericode(path)


def buyer_legal_types() -> frozenset[str]:
    """`buyer-legal-type`: it decides, among others, which EU threshold applies."""
    return frozenset(code_list("buyer-legal-type").codes)


def economic_operator_sizes() -> frozenset[str]:
    """`economic-operator-size`: micro, small, medium, large (and `sme` for groups)."""
    return frozenset(code_list("economic-operator-size").codes)


def official_languages() -> frozenset[str]:
    """The 24 official EU languages as ISO 639-2/B codes in upper case (`FRA`, `ENG`...)."""
    return frozenset(code_list("language_eu-official-language").codes)


def gpp_criteria() -> frozenset[str]:
    """`gpp-criteria`: which green public procurement criteria a notice refers to (eu, national, other, none)."""
    return frozenset(code_list("gpp-criteria").codes)
