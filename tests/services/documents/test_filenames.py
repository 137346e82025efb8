"""Client file names made safe to store and to serve, and the Content-Disposition they are served with."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from werkzeug.http import parse_options_header

from services.documents.domain.filenames import (
    FALLBACK_NAME, MAX_NAME_BYTES, ascii_file_name, content_disposition, sanitise_file_name,
)

pytestmark = pytest.mark.unit

# Names as hostile clients send them: every code point, with separators, dots and device names mixed in.
names = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("./\\ .:\x00\x1f\u202e\u200dCONaux1é\u0301\uff0f")) | st.characters()),
    st.builds(lambda stem, extension: stem + "." + extension, st.text(min_size=200, max_size=400),
              st.text(max_size=20)),
)
UNSAFE = re.compile(r'[/\\<>:"|?*\uff0f\uff3c\u2215\u2216\u2044]')


def control_or_format(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Cn"}]


@given(names)
@example("../../etc/passwd")
@example("..")
@example("e\u200d\u0301")
@settings(max_examples=250)
def test_a_sanitised_name_has_no_separator_nor_control_character_and_is_never_empty(name):
    safe = sanitise_file_name(name)
    assert safe
    assert not UNSAFE.search(safe)
    assert not control_or_format(safe)
    assert safe != ".." and not safe.startswith(".")


@given(names)
@example("e\u200d\u0301.txt")
@example("con.txt")
@settings(max_examples=250)
def test_sanitising_twice_changes_nothing(name):
    once = sanitise_file_name(name)
    assert sanitise_file_name(once) == once


@given(names, st.integers(min_value=8, max_value=MAX_NAME_BYTES))
@settings(max_examples=250)
def test_a_sanitised_name_fits_its_length_bound_in_utf8_bytes(name, max_bytes):
    safe = sanitise_file_name(name, max_bytes=max_bytes)
    assert len(safe.encode("utf-8")) <= max_bytes


@given(names)
@settings(max_examples=200)
def test_a_sanitised_name_is_in_nfc(name):
    safe = sanitise_file_name(name)
    assert unicodedata.normalize("NFC", safe) == safe


@given(names)
@settings(max_examples=300)
def test_the_ascii_fallback_is_printable_ascii_without_quotes(name):
    fallback = ascii_file_name(name)
    assert fallback and fallback.isascii() and fallback.isprintable()
    assert '"' not in fallback and "\\" not in fallback


@pytest.mark.parametrize(("given_name", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ana\\Rapport été.pdf", "Rapport été.pdf"),
    ("/var/tmp/../cahier des charges.pdf", "cahier des charges.pdf"),
    (".htaccess", "htaccess"),
    ("..", FALLBACK_NAME),
    ("", FALLBACK_NAME),
    ("\x00\x07\n", FALLBACK_NAME),
    ("rapport\x00\r\n.pdf", "rapport .pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),  # the right-to-left override that hides ".exe"
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("com1.tar.gz", "_com1.tar.gz"),
    ("console.txt", "console.txt"),
    ("bid ＼..／evil.pdf", "evil.pdf"),  # full-width separators Windows maps to real ones
    ('what? "this" <is>.pdf', "what_ _this_ _is_.pdf"),
    ("e\u0301te\u0301.odt", "été.odt"),
    ("report .pdf. ", "report .pdf"),
    ("tab\tand  spaces.txt", "tab and spaces.txt"),
])
def test_known_hostile_names_become_safe_names(given_name, expected):
    assert sanitise_file_name(given_name) == expected


def test_a_long_name_is_cut_in_its_stem_and_keeps_its_extension():
    safe = sanitise_file_name("é" * 300 + ".pdf")
    assert safe.endswith(".pdf")
    assert len(safe.encode("utf-8")) <= MAX_NAME_BYTES
    assert safe[:-4] == "é" * ((MAX_NAME_BYTES - 4) // 2)


def test_a_long_name_with_an_overlong_extension_is_cut_as_a_whole():
    safe = sanitise_file_name("a." + "b" * 300, max_bytes=100)
    assert safe == ("a." + "b" * 300)[:100]


def test_an_ascii_name_is_served_with_a_quoted_filename_only():
    assert content_disposition("cahier des charges.pdf") == 'attachment; filename="cahier des charges.pdf"'


def test_a_non_ascii_name_is_served_with_an_rfc_5987_filename_and_an_ascii_fallback():
    value = content_disposition("Règlement de consultation – lot 2.pdf")
    assert value == ("attachment; filename=\"Reglement de consultation lot 2.pdf\"; "
                     "filename*=UTF-8''R%C3%A8glement%20de%20consultation%20%E2%80%93%20lot%202.pdf")


def test_a_name_without_any_ascii_letter_falls_back_to_download_with_its_extension():
    assert content_disposition("日本語.pdf", inline=True) == (
        "inline; filename=\"download.pdf\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.pdf")


@given(names)
@settings(max_examples=200)
def test_an_http_parser_reads_back_the_sanitised_name_from_the_header(name):
    disposition, options = parse_options_header(content_disposition(name))
    assert disposition == "attachment"
    assert options["filename"] == sanitise_file_name(name)
