"""OASIS Genericode 1.0 code lists, as the EU Publications Office publishes them (eForms SDK, CPV, NUTS).

Each row has a `code` column and optional label columns named `<lang>_label` with ISO 639-2/B
language codes (`eng_label`, `fra_label`, ...); some lists also carry a plain `Name` column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

_LABEL_SUFFIX = "_label"


@dataclass(frozen=True)
class Code:
    code: str
    labels: dict[str, str] = field(default_factory=dict)   # ISO 639-2/B language -> label
    name: str | None = None                                 # the list's `Name` column, when present

    def label(self, language: str = "eng") -> str | None:
        return self.labels.get(language) or (self.name if language == "eng" else None)


@dataclass(frozen=True)
class CodeList:
    short_name: str
    version: str | None
    codes: dict[str, Code]

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __len__(self) -> int:
        return len(self.codes)

    def languages(self) -> set[str]:
        return {language for code in self.codes.values() for language in code.labels}


def read_genericode(source: Path | bytes) -> CodeList:
    """Reads a Genericode file (a path or its bytes); rows without a `code` value are skipped."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = (etree.fromstring(source, parser) if isinstance(source, bytes)
            else etree.parse(str(source), parser).getroot())
    codes: dict[str, Code] = {}
    for row in root.iterfind("SimpleCodeList/Row"):
        values = {value.get("ColumnRef"): (value.findtext("SimpleValue") or "").strip()
                  for value in row.iterfind("Value")}
        code = values.get("code")
        if not code:
            continue
        labels = {column[:-len(_LABEL_SUFFIX)]: text for column, text in values.items()
                  if column and column.endswith(_LABEL_SUFFIX) and text}
        codes[code] = Code(code=code, labels=labels, name=values.get("Name") or None)
    return CodeList(short_name=root.findtext("Identification/ShortName") or "",
                    version=root.findtext("Identification/Version"), codes=codes)
