"""Code list handlers: look a CPV or NUTS code up, complete a search text, import official lists."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from procure.codelists import cpv, nuts
from procure.errors import InvalidInput
from services.notices.adapters.code_labels import GenericodeStream, UnsafeCodeList
from services.notices.domain.codes import (
    FALLBACK_LANGUAGE,
    CodeInTree,
    CodeList,
    LabelledCode,
    checked_cpv,
    checked_nuts,
    code_prefix,
    cpv_ancestors,
    cpv_from_list,
    nuts_ancestors,
    nuts_children,
    nuts_with_prefix,
    search_words,
    two_letter_language,
)

_LABEL_COLUMN = re.compile(r"^([a-z]{3})_label$")


def ensure_shipped_labels(uow) -> None:
    """Fills an empty list from the lists the kit ships: English CPV, NUTS level 3 in their languages.

    Never overwrites: a label imported meanwhile (by another instance, say) stays."""
    with uow:
        if uow.code_labels.is_empty(CodeList.CPV.value):
            english = ((CodeList.CPV.value, code, FALLBACK_LANGUAGE, label) for code, label in cpv.labels().items())
            uow.code_labels.upsert(english, replace=False)
        if uow.code_labels.is_empty(CodeList.NUTS.value):
            uow.code_labels.upsert(_shipped_nuts_labels(), replace=False)
        uow.commit()


def _shipped_nuts_labels() -> Iterator[tuple[str, str, str, str]]:
    for code, region in nuts.level3().items():
        for column_language, label in region.labels.items():
            language = two_letter_language(column_language)
            if language:
                yield CodeList.NUTS.value, code, language, label


def look_up(code_list: CodeList, code: str, language: str, uow) -> CodeInTree:
    """A code with its label, its ancestors (broadest first) and its children, labelled in `language`."""
    if code_list is CodeList.CPV:
        code = checked_cpv(code)
        ancestors, children = cpv_ancestors(code), cpv.children(code)
    else:
        code = checked_nuts(code)
        ancestors, children = nuts_ancestors(code), nuts_children(code)
    ensure_shipped_labels(uow)
    with uow:
        labelled = uow.code_labels.labelled(code_list.value, [code, *ancestors, *children], language)

    def name(one: str) -> LabelledCode:
        return labelled.get(one) or LabelledCode(one, None, None)
    return CodeInTree(code=name(code), level=len(ancestors), ancestors=tuple(map(name, ancestors)),
                      children=tuple(map(name, children)))


def complete(code_list: CodeList, text: str, language: str, limit: int, uow) -> list[LabelledCode]:
    """Codes whose code starts with `text`, then codes whose label has words starting with its words."""
    prefix = code_prefix(code_list, text)
    words = search_words(text)
    ensure_shipped_labels(uow)
    with uow:
        found: list[str] = []
        if prefix:
            # NUTS levels 0 to 2 carry no label in the shipped lists: the kit's sorted codes find them all.
            found = (nuts_with_prefix(prefix, limit) if code_list is CodeList.NUTS
                     else uow.code_labels.codes_with_prefix(code_list.value, prefix, limit))
        if words and len(found) < limit and not (prefix and code_list is CodeList.CPV):
            found += [code for code in uow.code_labels.codes_with_words(code_list.value, words, language, limit)
                      if code not in found][:limit - len(found)]
        labelled = uow.code_labels.labelled(code_list.value, found, language)
    return [labelled.get(code) or LabelledCode(code, None, None) for code in found]


@dataclass
class ImportReport:
    code_list: CodeList
    codes: int = 0
    labels: int = 0
    languages: set[str] = field(default_factory=set)
    unknown_codes: list[str] = field(default_factory=list)       # not in the kit's list: not loaded
    other_languages: set[str] = field(default_factory=set)       # columns outside the 24: not loaded


def import_code_list(path: Path, uow) -> ImportReport:
    """Loads an official Genericode CPV or NUTS list's labels, every language it carries; safe to repeat."""
    ensure_shipped_labels(uow)  # an import adds languages to the shipped labels, it does not replace them
    stream = GenericodeStream(path)
    rows = stream.rows()
    try:
        with uow:
            first = next(rows, None)
            if first is None:
                raise InvalidInput("The file holds no code rows.", errors={"file": ["No rows."]})
            report = ImportReport(_detect(stream.identification, first.get("code", "")))
            uow.code_labels.upsert(_labels(_chain(first, rows), report))
            uow.commit()
    except UnsafeCodeList as error:
        raise InvalidInput(str(error), errors={"file": ["DOCTYPE refused."]}) from None
    except SyntaxError as error:  # lxml's XMLSyntaxError
        raise InvalidInput(f"Not a readable XML file: {error}", errors={"file": ["Not XML."]}) from None
    return report


def _chain(first: dict, rest: Iterator[dict]) -> Iterator[dict]:
    yield first
    yield from rest


def _detect(identification: list[str], first_code: str) -> CodeList:
    """From the list's names (`listId` .../cpv/..., .../authority/nuts), else from its first code's shape."""
    names = " ".join(identification).lower()
    for code_list in (CodeList.CPV, CodeList.NUTS):
        if code_list.value in names:
            return code_list
    if re.fullmatch(r"\d{8}(-\d)?", first_code):
        return CodeList.CPV
    if re.fullmatch(r"[A-Z]{2}[A-Z0-9]{0,3}", first_code):
        return CodeList.NUTS
    raise InvalidInput("Neither a CPV nor a NUTS code list.", errors={"file": ["Unknown list."]})


def _labels(rows: Iterator[dict], report: ImportReport) -> Iterator[tuple[str, str, str, str]]:
    for values in rows:
        listed = values.get("code", "").strip()
        if not listed:
            continue
        code = _known(report.code_list, listed)
        if code is None:
            report.unknown_codes.append(listed)
            continue
        report.codes += 1
        labels = dict(_row_labels(values, report))
        if FALLBACK_LANGUAGE not in labels and values.get("Name"):
            labels[FALLBACK_LANGUAGE] = values["Name"]
        for language, label in labels.items():
            report.labels += 1
            report.languages.add(language)
            yield report.code_list.value, code, language, label


def _known(code_list: CodeList, listed: str) -> str | None:
    if code_list is CodeList.CPV:
        return cpv_from_list(listed)
    return listed if nuts.is_valid(listed) else None


def _row_labels(values: dict, report: ImportReport) -> Iterator[tuple[str, str]]:
    for column, label in values.items():
        match = _LABEL_COLUMN.match(column)
        if not match or not label:
            continue
        language = two_letter_language(match.group(1))
        if language is None:
            report.other_languages.add(match.group(1))
        else:
            yield language, label


def label_counts(uow) -> list[tuple[str, str, int]]:
    with uow:
        return uow.code_labels.counts()
