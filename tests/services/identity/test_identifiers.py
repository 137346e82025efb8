"""Registration identifiers and VAT numbers are checked per scheme, with the register's own check digit."""
from __future__ import annotations

import pytest

from services.identity.domain.identifiers import InvalidIdentifier, registration_identifier, vat_number

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("scheme, number, country, compact", [
    ("FR-SIRET", "732 829 320 00074", "FR", "73282932000074"),
    ("FR-SIREN", "732 829 320", "FR", "732829320"),
    ("CZ-ICO", "25596641", "CZ", "25596641"),
    ("ES-NIF", "B58378431", "ES", "B58378431"),
    ("SE-ORGNR", "556036-0793", "SE", "5560360793"),
    ("IT-CF", "00743110157", "IT", "00743110157"),
    ("IT-CF", "RCCMNL83S18D969H", "IT", "RCCMNL83S18D969H"),
    ("IT-IVA", "00743110157", "IT", "00743110157"),
    ("BE-KBO", "0403.019.261", "BE", "0403019261"),
    ("NL-KVK", "12345678", "NL", "12345678"),
    ("VAT", "FR 40 303 265 045", "FR", "FR40303265045"),
])
def test_a_valid_identifier_is_accepted_in_its_compact_form(scheme, number, country, compact):
    assert registration_identifier(scheme, number, country) == compact


@pytest.mark.parametrize("scheme, number, country, reason", [
    ("FR-SIRET", "73282932000075", "FR", "check digit"),
    ("FR-SIREN", "732829321", "FR", "check digit"),
    ("FR-SIRET", "7328293200007", "FR", "length"),
    ("CZ-ICO", "25596642", "CZ", "check digit"),
    ("CZ-ICO", "2559664A", "CZ", "format"),
    ("ES-NIF", "B58378432", "ES", "check digit"),
    ("SE-ORGNR", "5560360794", "SE", "check digit"),
    ("IT-CF", "00743110158", "IT", "check digit"),
    ("BE-KBO", "0403019262", "BE", "check digit"),
    ("NL-KVK", "12 34 ; drop", "NL", "format"),
])
def test_a_wrong_identifier_is_refused_saying_why(scheme, number, country, reason):
    with pytest.raises(InvalidIdentifier, match=reason):
        registration_identifier(scheme, number, country)


def test_a_register_of_another_country_is_refused():
    with pytest.raises(InvalidIdentifier, match="register of FR, not of BE"):
        registration_identifier("FR-SIRET", "73282932000074", "BE")


def test_an_unknown_scheme_is_refused_listing_the_known_ones():
    with pytest.raises(InvalidIdentifier, match="FR-SIRET"):
        registration_identifier("XX-NOPE", "1", "FR")


@pytest.mark.parametrize("number, country, compact", [
    ("FR40303265045", "FR", "FR40303265045"),
    ("40303265045", "FR", "FR40303265045"),
    ("EL094259216", "GR", "EL094259216"),
    ("CZ25596641", "CZ", "CZ25596641"),
    ("ESB58378431", "ES", "ESB58378431"),
    ("SE556036079301", "SE", "SE556036079301"),
    ("IT00743110157", "IT", "IT00743110157"),
    ("CHE-116.281.710 MWST", "CH", "CHE116281710MWST"),
])
def test_a_vat_number_is_checked_for_its_country(number, country, compact):
    assert vat_number(number, country) == compact


@pytest.mark.parametrize("number, country, reason", [
    ("FR40303265046", "FR", "check digit"),
    ("DE136695976", "FR", "starts with FR"),
    ("GR094259216", "GR", "starts with EL"),
    ("CZ25596642", "CZ", "check digit"),
])
def test_a_wrong_vat_number_is_refused_saying_why(number, country, reason):
    with pytest.raises(InvalidIdentifier, match=reason):
        vat_number(number, country)
