"""CPV and NUTS codes as the code list endpoints see them, and the streaming Genericode reader."""
from __future__ import annotations

import pytest

from procure.codelists.files import data_file
from procure.errors import InvalidInput, NotFound
from services.notices.adapters.code_labels import GenericodeStream, UnsafeCodeList
from services.notices.domain.codes import (
    LANGUAGES,
    CodeList,
    checked_cpv,
    checked_nuts,
    code_prefix,
    cpv_ancestors,
    cpv_code_for,
    cpv_from_list,
    nuts_ancestors,
    nuts_children,
    nuts_with_prefix,
    search_words,
    two_letter_language,
)

pytestmark = pytest.mark.unit


def test_the_genericode_label_columns_map_to_the_24_two_letter_languages():
    stream = GenericodeStream(data_file("eforms", "language_eu-official-language.gc"))
    list(stream.rows())
    columns = {column[:-len("_label")] for column in stream.columns if column.endswith("_label")}
    assert sorted(two_letter_language(column) for column in columns) == list(LANGUAGES)
    assert len(LANGUAGES) == 24


def test_a_language_outside_the_official_ones_has_no_two_letter_code():
    assert two_letter_language("nor") is None
    assert two_letter_language("FRA") == "fr"


def test_a_cpv_code_with_a_wrong_check_digit_is_invalid_and_names_the_right_one():
    with pytest.raises(InvalidInput, match="45210000-2"):
        checked_cpv("45210000-3")


def test_a_cpv_code_outside_the_vocabulary_is_not_found():
    with pytest.raises(NotFound):
        checked_cpv("12345678-0")


def test_a_cpv_code_climbs_to_its_division():
    assert cpv_ancestors("45211000-9") == ("45000000-7", "45200000-9", "45210000-2")
    assert cpv_ancestors("45000000-7") == ()


def test_a_division_or_prefix_names_its_cpv_code():
    assert cpv_code_for("45") == "45000000-7"
    assert cpv_code_for("4521") == "45210000-2"
    assert cpv_code_for("4") is None


def test_the_eight_digit_codes_of_the_eforms_lists_get_their_check_digit():
    assert cpv_from_list("75121000") == "75121000-0"
    assert cpv_from_list("45210000-3") is None


@pytest.mark.parametrize("code", ["fr10", "FR1234", "F", ""])
def test_a_malformed_nuts_code_is_invalid(code):
    with pytest.raises(InvalidInput):
        checked_nuts(code)


def test_a_nuts_region_has_the_regions_above_and_below_it():
    assert nuts_ancestors("FR101") == ("FR", "FR1", "FR10")
    assert "FR101" in nuts_children("FR10") and all(len(child) == 5 for child in nuts_children("FR10"))
    assert nuts_children("FR101") == ()


def test_nuts_codes_with_a_prefix_come_in_code_order_up_to_the_limit():
    assert nuts_with_prefix("FR1", 3) == ["FR1", "FR10", "FR101"]
    assert nuts_with_prefix("QQ", 3) == []


def test_a_search_text_is_a_code_prefix_only_when_it_looks_like_one():
    assert code_prefix(CodeList.CPV, " 4521 ") == "4521"
    assert code_prefix(CodeList.CPV, "roads") is None
    assert code_prefix(CodeList.NUTS, "fr1") == "FR1"
    assert code_prefix(CodeList.NUTS, "Paris") is None


def test_search_words_drop_punctuation_and_are_capped():
    assert search_words("Seine-et-Marne, 'quoted' & more") == ["seine", "et", "marne", "quoted", "more"]
    assert len(search_words(" ".join(["word"] * 20))) == 8


def test_the_streaming_reader_reads_every_row_and_the_list_identification():
    stream = GenericodeStream(data_file("eforms", "cpv_social-service-cpv.gc"))
    rows = list(stream.rows())
    assert len(rows) == 115 and rows[0]["code"] == "75121000"
    assert "http://data.europa.eu/cpv/Cpv2008/Code" in stream.identification


def test_the_streaming_reader_refuses_a_file_with_a_doctype(tmp_path):
    hostile = tmp_path / "xxe.gc"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                       '<CodeList><SimpleCodeList><Row><Value ColumnRef="code"><SimpleValue>&x;</SimpleValue>'
                       '</Value></Row></SimpleCodeList></CodeList>')
    with pytest.raises(UnsafeCodeList):
        list(GenericodeStream(hostile).rows())
