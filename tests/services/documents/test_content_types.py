"""The declared type, the name's extension and the sniffed content of real files, compared per kind."""
from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib

import pytest

from services.documents.domain.content_types import (
    FORMATS, KIND_FORMATS, SNIFF_BYTES, check_content_type, media_type, sniff,
)

pytestmark = pytest.mark.unit

OOXML = "application/vnd.openxmlformats-officedocument."
AGE_HEADER = (b"age-encryption.org/v1\n-> X25519 TiKk6KxVbYdMhHt6AyRmyQ9oPhjSH5OPePYTGxVmPik\n"
              b"QUvVbmyvmpj2o_SBjsCGTZIRMq0uo7Rq-9T-_9WBtm0\n--- 8Ww2gM3tHypwJnCA3tMd8JJlf1Q8ISR5gdpOGqlBuVc\n")


def zipped(*members: tuple[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members:
            # ODF wants its mimetype member first and stored: that is what libmagic reads.
            archive.writestr(name, text, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
DOCX = zipped(("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>"),
              ("word/document.xml", "<w:document/>"))
XLSX = zipped(("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>"),
              ("xl/workbook.xml", "<workbook/>"))
ODT = zipped(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document/>"))
ZIP = zipped(("annexe.txt", "Annexe technique"))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64)
TEXT = "Cahier des clauses techniques particulières\n".encode()
XML = b'<?xml version="1.0" encoding="UTF-8"?><Tender><Lot>1</Lot></Tender>'
AGE = AGE_HEADER + os.urandom(4096)
EXE = b"MZ\x90\x00\x03" + bytes(60) + b"PE\0\0" + bytes(200)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.parametrize(("content", "expected"), [
    (PDF, "application/pdf"), (DOCX, OOXML + "wordprocessingml.document"), (XLSX, OOXML + "spreadsheetml.sheet"),
    (ODT, "application/vnd.oasis.opendocument.text"), (ZIP, "application/zip"), (png(), "image/png"),
    (JPEG, "image/jpeg"), (TEXT, "text/plain"), (XML, "text/xml"), (AGE, "application/octet-stream"),
    (EXE, "application/x-dosexec"), (HTML, "text/html"),
])
def test_libmagic_names_real_files_by_their_content(content, expected):
    assert sniff(content) == expected


@pytest.mark.parametrize(("kind", "declared", "file_name", "content"), [
    ("tender-document", "application/pdf", "Règlement de consultation.pdf", PDF),
    ("tender-document", OOXML + "wordprocessingml.document", "CCTP.docx", DOCX),
    ("tender-document", OOXML + "spreadsheetml.sheet", "BPU.XLSX", XLSX),
    ("tender-document", "application/vnd.oasis.opendocument.text", "CCAP.odt", ODT),
    ("tender-document", "application/x-zip-compressed", "plans.zip", ZIP),
    ("tender-document", "text/plain; charset=utf-8", "lisez-moi.txt", TEXT),
    ("tender-document", "application/xml", "dume.xml", XML),
    ("tender-document", "image/jpg", "site.jpeg", JPEG),
    ("bid-file", "application/octet-stream", "offre.pdf.age", AGE),
    ("vault", "application/pdf", "attestation URSSAF.pdf", PDF),
    ("vault", "image/png", "kbis.png", png()),
])
def test_a_file_that_is_what_it_claims_passes(kind, declared, file_name, content):
    check = check_content_type(kind, declared=declared, file_name=file_name, sniffed=sniff(content))
    assert check.ok, check.errors


def test_an_office_file_libmagic_only_sees_as_a_zip_passes_as_declared():
    late = zipped(("docProps/app.xml", "<Properties/>" * 2000), ("[Content_Types].xml", "<Types/>"),
                  ("word/document.xml", "<w:document/>"))
    check = check_content_type("tender-document", declared=OOXML + "wordprocessingml.document",
                               file_name="cctp.docx", sniffed=sniff(late))
    assert check.sniffed in {"application/zip", OOXML + "wordprocessingml.document"}
    assert check.ok


def test_an_executable_declared_as_a_pdf_is_refused_for_its_content():
    check = check_content_type("tender-document", declared="application/pdf", file_name="dce.pdf",
                               sniffed=sniff(EXE))
    assert check.errors == {"content": ["the content is application/x-dosexec, which is not allowed "
                                        "for a tender-document"]}


def test_an_allowed_content_that_is_not_the_declared_one_is_refused():
    check = check_content_type("tender-document", declared="application/pdf", file_name="plan.pdf",
                               sniffed=sniff(png()))
    assert check.errors == {"content": ["the content is image/png, not application/pdf as declared"]}


def test_an_extension_that_does_not_match_the_declared_type_is_refused():
    check = check_content_type("tender-document", declared="application/pdf", file_name="dce.exe",
                               sniffed=sniff(PDF))
    assert check.errors == {"file_name": ["the extension .exe does not match application/pdf; expected .pdf"]}


def test_a_declared_type_not_allowed_for_the_kind_is_refused_with_every_difference():
    check = check_content_type("vault", declared="text/html", file_name="attestation.html", sniffed=sniff(HTML))
    assert check.errors == {"content_type": ["text/html is not allowed for a vault"],
                            "content": ["the content is text/html, which is not allowed for a vault"]}


def test_a_plaintext_pdf_is_not_a_sealed_bid_file():
    check = check_content_type("bid-file", declared="application/octet-stream", file_name="offre.pdf",
                               sniffed=sniff(PDF))
    assert check.errors == {"content": ["the content is application/pdf, which is not allowed for a bid-file"]}


def test_a_sealed_bid_file_declared_as_a_pdf_is_refused():
    check = check_content_type("bid-file", declared="application/pdf", file_name="offre.pdf",
                               sniffed=sniff(AGE))
    assert set(check.errors) == {"content_type"}


def test_a_name_without_extension_does_not_match_a_typed_format():
    check = check_content_type("vault", declared="application/pdf", file_name=".pdf", sniffed=sniff(PDF))
    assert check.errors == {"file_name": ["the extension (none) does not match application/pdf; expected .pdf"]}


def test_only_the_first_bytes_are_sniffed():
    assert sniff(PDF + bytes(SNIFF_BYTES * 4)) == "application/pdf"
    assert sniff(b"") == "application/x-empty"


def test_media_types_are_compared_without_case_or_parameters():
    assert media_type(" Text/Plain ; charset=UTF-8") == "text/plain"


def test_every_allowed_format_of_every_kind_is_described():
    assert all(name in FORMATS for names in KIND_FORMATS.values() for name in names)
