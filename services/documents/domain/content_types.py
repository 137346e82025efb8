"""Which formats each kind of document may be, and whether a file is what it claims.

The client's declared type is never trusted alone: it is compared with the file
name's extension and with the type libmagic sniffs from the first bytes stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SNIFF_BYTES", "Format", "FORMATS", "KIND_FORMATS", "TypeCheck", "check_content_type",
           "media_type", "sniff"]

SNIFF_BYTES = 64 * 1024  # libmagic finds office formats by the member names near a zip's start


@dataclass(frozen=True)
class Format:
    media_type: str
    extensions: frozenset[str]  # empty: any extension (ciphertext carries no meaningful one)
    sniffed_as: frozenset[str] = field(default_factory=frozenset)  # other names libmagic gives it
    declared_as: frozenset[str] = field(default_factory=frozenset)  # other names clients send

    def is_sniffed(self, sniffed: str) -> bool:
        return sniffed == self.media_type or sniffed in self.sniffed_as

    def is_declared(self, declared: str) -> bool:
        return declared == self.media_type or declared in self.declared_as

    def fits(self, extension: str) -> bool:
        return not self.extensions or extension in self.extensions


def _format(media_type: str, extensions: str, *, sniffed_as: str = "", declared_as: str = "") -> Format:
    return Format(media_type, frozenset(extensions.split()), frozenset(sniffed_as.split()),
                  frozenset(declared_as.split()))


# libmagic names an office file by its container when the members it looks for come late.
_OFFICE_ZIP = "application/zip"
_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
_OLE = "application/x-ole-storage application/CDFV2 application/vnd.ms-office"

FORMATS: dict[str, Format] = {f.media_type: f for f in (
    _format("application/pdf", ".pdf", declared_as="application/x-pdf"),
    _format("application/msword", ".doc", sniffed_as=_OLE),
    _format("application/vnd.ms-excel", ".xls", sniffed_as=_OLE),
    _format("application/vnd.ms-powerpoint", ".ppt", sniffed_as=_OLE),
    _format(_OOXML + "wordprocessingml.document", ".docx", sniffed_as=_OFFICE_ZIP),
    _format(_OOXML + "spreadsheetml.sheet", ".xlsx", sniffed_as=_OFFICE_ZIP),
    _format(_OOXML + "presentationml.presentation", ".pptx", sniffed_as=_OFFICE_ZIP),
    _format(_ODF + "text", ".odt", sniffed_as=_OFFICE_ZIP),
    _format(_ODF + "spreadsheet", ".ods", sniffed_as=_OFFICE_ZIP),
    _format(_ODF + "presentation", ".odp", sniffed_as=_OFFICE_ZIP),
    _format("application/rtf", ".rtf", sniffed_as="text/rtf", declared_as="text/rtf"),
    _format("application/zip", ".zip", declared_as="application/x-zip-compressed application/x-zip"),
    _format("image/png", ".png"),
    _format("image/jpeg", ".jpg .jpeg", declared_as="image/jpg image/pjpeg"),
    _format("image/tiff", ".tif .tiff"),
    _format("image/gif", ".gif"),
    _format("text/plain", ".txt .text", sniffed_as="text/x-c text/x-c++ text/x-makefile text/x-tex"),
    _format("text/csv", ".csv", sniffed_as="text/plain application/csv", declared_as="application/csv"),
    _format("application/xml", ".xml", sniffed_as="text/xml", declared_as="text/xml"),
    _format("application/octet-stream", ""),
)}

_TENDER = ("application/pdf application/msword application/vnd.ms-excel application/vnd.ms-powerpoint "
           f"{_OOXML}wordprocessingml.document {_OOXML}spreadsheetml.sheet {_OOXML}presentationml.presentation "
           f"{_ODF}text {_ODF}spreadsheet {_ODF}presentation application/rtf application/zip image/png "
           "image/jpeg image/tiff image/gif text/plain text/csv application/xml")
KIND_FORMATS: dict[str, tuple[str, ...]] = {
    "tender-document": tuple(_TENDER.split()),
    # Sealed bids are age ciphertext: nothing but bytes until the opening.
    "bid-file": ("application/octet-stream",),
    "vault": ("application/pdf", "image/png", "image/jpeg", "image/tiff"),
}


@dataclass(frozen=True)
class TypeCheck:
    """What was compared, and each difference as messages per field of the upload."""

    declared: str
    extension: str
    sniffed: str
    errors: dict[str, list[str]]

    @property
    def ok(self) -> bool:
        return not self.errors


def media_type(value: str) -> str:
    """`Text/Plain; charset=UTF-8` as `text/plain`."""
    return value.split(";", 1)[0].strip().lower()


def check_content_type(kind: str, *, declared: str, file_name: str, sniffed: str) -> TypeCheck:
    """Compares the declared type, the name's extension and the sniffed type for `kind`."""
    declared, sniffed = media_type(declared), media_type(sniffed)
    extension = _extension(file_name)
    allowed = [FORMATS[name] for name in KIND_FORMATS[kind]]
    claimed = next((f for f in allowed if f.is_declared(declared)), None)
    errors: dict[str, list[str]] = {}
    if claimed is None:
        errors["content_type"] = [f"{declared or 'an empty type'} is not allowed for a {kind}"]
    elif not claimed.fits(extension):
        errors["file_name"] = [f"the extension {extension or '(none)'} does not match {declared}; "
                               f"expected {' or '.join(sorted(claimed.extensions))}"]
    if not any(f.is_sniffed(sniffed) for f in allowed):
        errors["content"] = [f"the content is {sniffed}, which is not allowed for a {kind}"]
    elif claimed is not None and not claimed.is_sniffed(sniffed):
        errors["content"] = [f"the content is {sniffed}, not {declared} as declared"]
    return TypeCheck(declared, extension, sniffed, errors)


def sniff(head: bytes) -> str:
    """The media type libmagic reads in the first bytes of a file (give it `SNIFF_BYTES`)."""
    # Imported here: loading libmagic looks the library up on disk, work not done at import.
    import magic
    return media_type(magic.from_buffer(head[:SNIFF_BYTES], mime=True))


def _extension(file_name: str) -> str:
    stem, dot, extension = file_name.rpartition(".")
    return f".{extension.lower()}" if dot and stem.strip(" .") else ""
