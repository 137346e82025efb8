"""Registration identifiers and VAT numbers, checked per scheme with python-stdnum.

A scheme is `<country>-<register>` (`FR-SIRET`) or `VAT`. Where the register's number has a
check digit, stdnum checks it; schemes without one accept a sane format. Validators answer
the number in its compact form (spaces and separators removed), which is what is stored.
"""
from __future__ import annotations

import re
from typing import Callable

from stdnum import get_cc_module
from stdnum.be import vat as be_vat
from stdnum.cz import dic as cz_dic
from stdnum.dk import cvr as dk_cvr
from stdnum.es import nif as es_nif
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.fi import ytunnus as fi_ytunnus
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret
from stdnum.it import codicefiscale as it_codicefiscale
from stdnum.it import iva as it_iva
from stdnum.pl import regon as pl_regon
from stdnum.se import orgnr as se_orgnr

_SANE = re.compile(r"^[A-Z0-9][A-Z0-9./-]{0,39}$")
_REASONS = {InvalidChecksum: "its check digit is wrong", InvalidLength: "it has the wrong length",
            InvalidFormat: "it is not in the register's format", InvalidComponent: "a part of it is not valid"}


class InvalidIdentifier(ValueError):
    """Why a number is not valid in its scheme, in words a person can act on."""


def _stdnum(module) -> Callable[[str], str]:
    def check(number: str) -> str:
        return module.validate(number)
    return check


def _cz_ico(number: str) -> str:
    # IČO: 8 digits, the same weighted modulo-11 check digit as a legal entity's DIČ.
    number = number.replace(" ", "")
    if not re.fullmatch(r"\d{1,8}", number):
        raise InvalidFormat()
    number = number.zfill(8)
    if cz_dic.calc_check_digit_legal(number[:-1]) != number[-1]:
        raise InvalidChecksum()
    return number


def _it_cf(number: str) -> str:
    # A company's codice fiscale is its 11-digit partita IVA; a person's is 16 characters.
    compact = it_iva.compact(number)
    return it_iva.validate(compact) if compact.isdigit() else it_codicefiscale.validate(number)


def _sane(number: str) -> str:
    compact = re.sub(r"\s+", "", number).upper()
    if not _SANE.match(compact):
        raise InvalidFormat()
    return compact


# scheme -> (country the register belongs to, validator)
SCHEMES: dict[str, tuple[str | None, Callable[[str], str]]] = {
    "FR-SIRET": ("FR", _stdnum(fr_siret)),
    "FR-SIREN": ("FR", _stdnum(fr_siren)),
    "FR-RCS": ("FR", _sane),
    "CZ-ICO": ("CZ", _cz_ico),
    "ES-NIF": ("ES", _stdnum(es_nif)),
    "SE-ORGNR": ("SE", _stdnum(se_orgnr)),
    "IT-CF": ("IT", _it_cf),
    "IT-IVA": ("IT", _stdnum(it_iva)),
    "BE-KBO": ("BE", _stdnum(be_vat)),
    "DK-CVR": ("DK", _stdnum(dk_cvr)),
    "FI-YT": ("FI", _stdnum(fi_ytunnus)),
    "PL-REGON": ("PL", _stdnum(pl_regon)),
    "DE-HRB": ("DE", _sane),
    "NL-KVK": ("NL", _sane),
    "AT-FB": ("AT", _sane),
    "VAT": (None, _sane),   # checked against the organisation's country by vat_number()
}


def _reason(error: ValidationError) -> str:
    return next((text for kind, text in _REASONS.items() if isinstance(error, kind)), "it is not valid")


def registration_identifier(scheme: str, value: str, country: str) -> str:
    """The compact identifier; InvalidIdentifier when the scheme is unknown, foreign or the number wrong."""
    if scheme not in SCHEMES:
        raise InvalidIdentifier(f"Unknown scheme {scheme!r}; use one of {', '.join(sorted(SCHEMES))}.")
    register_country, check = SCHEMES[scheme]
    if register_country and register_country != country:
        raise InvalidIdentifier(f"{scheme} is a register of {register_country}, not of {country}.")
    if scheme == "VAT":
        return vat_number(value, country)
    try:
        return check(value)
    except ValidationError as error:
        raise InvalidIdentifier(f"Not a valid {scheme} number: {_reason(error)}.") from None


def vat_number(value: str, country: str) -> str:
    """A VAT number of `country` (ISO alpha-2), with its country prefix (EL for Greece)."""
    prefix = "EL" if country == "GR" else country
    compact = re.sub(r"[\s.-]", "", value).upper()
    if not compact[:2].isalpha():
        compact = prefix + compact
    if compact[:2] != prefix:
        raise InvalidIdentifier(f"A VAT number of {country} starts with {prefix}.")
    module = None if prefix.lower() in eu_vat.MEMBER_STATES else get_cc_module(country.lower(), "vat")
    check = eu_vat.validate if prefix.lower() in eu_vat.MEMBER_STATES else (module.validate if module else _sane)
    try:
        checked = check(compact)
    except ValidationError as error:
        raise InvalidIdentifier(f"Not a valid VAT number of {country}: {_reason(error)}.") from None
    return checked if checked.startswith(prefix) else prefix + checked
