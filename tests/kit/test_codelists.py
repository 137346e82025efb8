"""The shipped code lists: CPV 2008, NUTS, and the eForms lists, read from the package's own files."""
from __future__ import annotations

import pytest

from procure.codelists import cpv, eforms, nuts
from procure.codelists.files import data_file
from procure.codelists.genericode import read_genericode

pytestmark = pytest.mark.unit


def test_the_source_catch_all_code_is_not_part_of_cpv_2008():
    assert "99999999-9" not in cpv.labels()
    assert not cpv.is_valid("99999999-9")


def test_cpv_holds_every_code_of_the_source_but_its_catch_all():
    # 9,458 in the source file, minus 99999999-9.
    assert len(cpv.labels()) == 9_457


def test_cpv_has_the_45_divisions_of_the_regulation():
    assert len(cpv.divisions()) == 45
    assert "45000000-7" in cpv.divisions()


@pytest.mark.parametrize("code", ["45000000-7", "03000000-1", "72212445-0", "42122000-0"])
def test_a_listed_code_with_its_check_digit_is_valid(code):
    assert cpv.validate(code) == code


@pytest.mark.parametrize("code, reason", [
    ("45000000-8", "Wrong check digit: the code is 45000000-7."),
    ("45000000", "A CPV code is eight digits"),
    ("4500000-7", "A CPV code is eight digits"),
    ("", "A CPV code is eight digits"),
    ("12345678-0", "12345678 is not a CPV 2008 code."),
])
def test_an_invalid_cpv_code_is_refused_saying_why(code, reason):
    with pytest.raises(cpv.InvalidCpvCode, match=reason.replace(".", r"\.")):
        cpv.validate(code)


def test_the_check_digit_formula_gives_the_published_digit_of_most_codes():
    matching = [code for code in cpv.labels() if cpv.computed_check_digit(code[:8]) == code[-1]]
    assert cpv.computed_check_digit("45210000") == "2"
    assert len(matching) > 0.9 * len(cpv.labels())


def test_a_cpv_code_has_its_english_label():
    assert cpv.label("45000000-7") == "Construction work"
    assert cpv.label("45000000-8") is None


def test_the_parent_of_a_code_is_the_nearest_broader_code_by_its_digits():
    assert cpv.parent("45210000-2") == "45200000-9"
    assert cpv.parent("45000000-7") is None
    # 3019212x has no 30192120 above it: the parent is one level higher.
    assert cpv.parent("30192121-5") == "30192100-2"


def test_the_children_of_a_code_are_the_codes_it_is_parent_of():
    children = cpv.children("45200000-9")
    assert "45210000-2" in children
    assert all(cpv.parent(child) == "45200000-9" for child in children)
    assert cpv.children("45210000-2") and "45211000-9" in cpv.children("45210000-2")


@pytest.mark.parametrize("code, prefixes", [("45210000-2", ["45", "452", "4521"]), ("45000000-7", ["45"])])
def test_the_prefixes_of_a_code_go_from_its_division_to_itself(code, prefixes):
    assert cpv.prefixes(code) == prefixes


def test_nuts_codes_of_levels_0_to_2_are_the_prefixes_of_level_3_regions():
    assert {"FR", "FR1", "FR10", "FR101", "EL", "CZ", "CZ010"} <= nuts.codes()
    assert not nuts.is_valid("FR999")
    assert not nuts.is_valid("GR")  # Greece is EL in NUTS
    assert all(2 <= len(code) <= 5 for code in nuts.codes())


def test_a_nuts_region_has_a_label_where_the_files_give_one():
    assert nuts.label("FR101") == "Paris"
    assert nuts.label("FR101", "fra") == "Paris"
    assert nuts.label("FR1") is None


def test_the_country_of_a_nuts_code_is_its_iso_country():
    assert nuts.country("EL303") == "GR"
    assert nuts.country("CZ010") == "CZ"
    assert nuts.nuts_country_code("GR") == "EL"
    assert {"FR", "CZ", "ES", "SE", "IT", "BE", "GR"} <= nuts.countries()


def test_buyer_legal_types_and_operator_sizes_are_the_eforms_codes():
    assert {"la", "ra", "cga", "body-pl", "pub-undert"} <= eforms.buyer_legal_types()
    assert {"micro", "small", "medium", "large"} <= eforms.economic_operator_sizes()
    assert len(eforms.official_languages()) == 24


def test_an_unknown_eforms_list_is_a_key_error():
    with pytest.raises(KeyError):
        eforms.code_list("no-such-list")


def test_genericode_gives_codes_with_labels_per_language():
    social = read_genericode(data_file("eforms", "cpv_social-service-cpv.gc"))

    assert len(social) == 115
    assert len(social.languages()) == 24
    some = next(iter(social.codes.values()))
    assert some.label("eng") and some.label("fra") and some.label("ces")


def test_genericode_reads_bytes_and_skips_rows_without_a_code():
    document = b"""<gc:CodeList xmlns:gc="http://docs.oasis-open.org/codelist/ns/genericode/1.0/">
      <Identification><ShortName>Tiny</ShortName><Version>1</Version></Identification>
      <SimpleCodeList>
        <Row><Value ColumnRef="code"><SimpleValue>a</SimpleValue></Value>
             <Value ColumnRef="eng_label"><SimpleValue>Alpha</SimpleValue></Value>
             <Value ColumnRef="fra_label"><SimpleValue>Alpha (fr)</SimpleValue></Value></Row>
        <Row><Value ColumnRef="eng_label"><SimpleValue>No code</SimpleValue></Value></Row>
      </SimpleCodeList></gc:CodeList>"""

    tiny = read_genericode(document)

    assert tiny.short_name == "Tiny" and tiny.version == "1"
    assert list(tiny.codes) == ["a"]
    assert tiny.codes["a"].labels == {"eng": "Alpha", "fra": "Alpha (fr)"}
    assert tiny.codes["a"].label("deu") is None


def test_genericode_does_not_expand_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    document = f"""<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>
      <CodeList><Identification><ShortName>X</ShortName></Identification>
      <SimpleCodeList><Row><Value ColumnRef="code"><SimpleValue>&e;</SimpleValue></Value></Row>
      </SimpleCodeList></CodeList>""".encode()

    assert "do not read" not in read_genericode(document).codes


def test_nothing_is_read_at_import():
    import importlib

    import procure.codelists.cpv as module
    module.labels.cache_clear()
    importlib.reload(module)
    assert module.labels.cache_info().currsize == 0
