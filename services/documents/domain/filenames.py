"""File names as clients send them, made safe to store, to put in a zip and to serve.

A client's name is only a label: it never becomes a path. What survives is the last
path component, in NFC, without control or formatting characters, without the
characters Windows refuses or maps to separators, never a reserved device name,
and at most `MAX_NAME_BYTES` bytes of UTF-8 with its extension kept.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

__all__ = ["MAX_NAME_BYTES", "FALLBACK_NAME", "sanitise_file_name", "ascii_file_name",
           "content_disposition"]

MAX_NAME_BYTES = 255  # the limit of most file systems, in bytes
FALLBACK_NAME = "file"
_MAX_EXTENSION_BYTES = 16

# Both separators and their look-alikes: Windows' "best fit" code pages turn the
# full-width forms back into real separators when a name is saved.
_SEPARATORS = re.compile(r"[/\\\uff0f\uff3c\u2215\u2216\u2044\u29f5\u29f8\u29f9\ufe68]")
_WINDOWS_FORBIDDEN = str.maketrans({character: "_" for character in '<>:"|?*'})
# Cc control, Cf format (bidi overrides, zero-width), Cs lone surrogates (not encodable),
# Co private use, Cn unassigned.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?",
                       re.IGNORECASE)
# RFC 5987 attr-char beyond alphanumerics: what needs no percent-encoding in filename*.
_ATTR_CHAR_SAFE = "!#$&+-.^_`|~"


def sanitise_file_name(name: str, *, max_bytes: int = MAX_NAME_BYTES) -> str:
    """A safe, non-empty name for `name`; applying it again changes nothing."""
    text = unicodedata.normalize("NFC", name)
    components = [part for part in _SEPARATORS.split(text) if _visible(part)]
    text = _clean(components[-1] if components else "")
    text = _capped(text, max_bytes)
    if _RESERVED.fullmatch(text):
        text = _capped("_" + text, max_bytes)
    return text or FALLBACK_NAME


def ascii_file_name(name: str) -> str:
    """The nearest ASCII name (accents dropped), for clients that ignore `filename*`."""
    safe = sanitise_file_name(name)
    if safe.isascii():
        return safe
    stem, extension = _split_extension(safe)
    stem, extension = _folded(stem), _folded(extension)
    if not any(character.isalnum() for character in stem):
        stem = "download"
    return sanitise_file_name(stem + extension)


def content_disposition(name: str, *, inline: bool = False) -> str:
    """A Content-Disposition value (RFC 6266) with `filename*` (RFC 5987) for non-ASCII names."""
    safe = sanitise_file_name(name)
    fallback = ascii_file_name(safe)
    value = f'{"inline" if inline else "attachment"}; filename="{_quoted_string(fallback)}"'
    if fallback != safe:
        value += f"; filename*=UTF-8''{quote(safe, safe=_ATTR_CHAR_SAFE)}"
    return value


def _clean(text: str) -> str:
    kept = []
    for character in text.translate(_WINDOWS_FORBIDDEN):
        category = unicodedata.category(character)
        if category.startswith("Z") or character.isspace():
            kept.append(" ")
        elif category not in _DROPPED_CATEGORIES:
            kept.append(character)
    # Leading dots hide files and make "..": trailing dots and spaces Windows drops itself.
    # Dropping a character can leave a pair that NFC composes.
    return _trimmed(unicodedata.normalize("NFC", re.sub(" {2,}", " ", "".join(kept))))


def _capped(text: str, max_bytes: int) -> str:
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    stem, extension = _split_extension(text)
    if len(extension.encode("utf-8")) > min(_MAX_EXTENSION_BYTES, max_bytes // 2):
        stem, extension = text, ""
    room = max_bytes - len(extension.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
    # Cutting may leave a combining mark without its base, or a dot or space at the end.
    return _trimmed(unicodedata.normalize("NFC", _trimmed(stem) + extension))


def _split_extension(text: str) -> tuple[str, str]:
    stem, dot, extension = text.rpartition(".")
    if not dot or not stem or " " in extension:
        return text, ""
    return stem, dot + extension


def _folded(text: str) -> str:
    # Compatibility decomposition turns some symbols into separators ("℅" is "c/o").
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(character if character.isprintable() and character not in "/\\" else "_"
                   for character in folded)


def _trimmed(text: str) -> str:
    return text.lstrip(" .").rstrip(" .")


def _visible(text: str) -> bool:
    return bool(_clean(text))


def _quoted_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
