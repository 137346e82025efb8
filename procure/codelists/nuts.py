"""NUTS regions (Nomenclature of Territorial Units for Statistics), levels 0 to 3.

The eForms SDK ships one Genericode file of level-3 regions per country
(`nuts_nuts-<iso3>-lvl3.gc`); levels 0, 1 and 2 are the 2, 3 and 4 character prefixes of those.
The first two letters are the NUTS country code, which is ISO 3166-1 alpha-2 except for Greece (EL).
"""
from __future__ import annotations

from functools import cache

from procure.codelists.files import data_file
from procure.codelists.genericode import Code, read_genericode

# NUTS country code -> ISO 3166-1 alpha-2, where they differ.
_ISO_COUNTRY = {"EL": "GR", "UK": "GB"}


@cache
def level3() -> dict[str, Code]:
    regions: dict[str, Code] = {}
    for path in sorted(data_file("eforms").glob("nuts_nuts-*-lvl3.gc")):
        regions.update(read_genericode(path).codes)
    return regions


@cache
def codes() -> frozenset[str]:
    """Every valid NUTS code of levels 0 to 3."""
    return frozenset(code[:length] for code in level3() for length in range(2, len(code) + 1))


def is_valid(code: str) -> bool:
    return code in codes()


def level(code: str) -> int:
    return len(code) - 2


def label(code: str, language: str = "eng") -> str | None:
    """The region's name; the files only name level-3 regions."""
    region = level3().get(code)
    return region.label(language) if region else None


def country(code: str) -> str:
    """The ISO 3166-1 alpha-2 country of a NUTS code (`EL12` -> `GR`)."""
    return _ISO_COUNTRY.get(code[:2], code[:2])


def nuts_country_code(iso_country: str) -> str:
    """The NUTS country code of an ISO 3166-1 alpha-2 country (`GR` -> `EL`)."""
    return {iso: nuts for nuts, iso in _ISO_COUNTRY.items()}.get(iso_country, iso_country)


@cache
def countries() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 countries NUTS covers."""
    return frozenset(country(code) for code in codes() if len(code) == 2)
