"""The label store of CPV and NUTS codes, and a streaming reader of Genericode files to fill it.

`CodeLabelRepository.labels_for(list, codes, language)` is the port other parts of the service use
to name codes (search facets for instance): `{code: label}` in the language asked for, English
where that language has no label, codes without any label left out.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import sqlalchemy as sa
from lxml import etree
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.notices.adapters.tables.codes import code_labels
from services.notices.domain.codes import (
    FALLBACK_LANGUAGE,
    CodeList,
    LabelledCode,
    cpv_code_for,
)

_BATCH = 2000
_SIMPLE = sa.literal_column("'simple'")


class CodeLabelRepository:
    def __init__(self, session: Session):
        self._session = session

    def labels_for(self, code_list: str, codes: Iterable[str], language: str) -> dict[str, str]:
        """Labels of `codes` in `language`, else English; a CPV division or other prefix (`45`) is
        labelled as the code it names (`45000000-7`). Codes nobody labelled are missing from the answer."""
        labelled = self.labelled(code_list, codes, language)
        return {code: found.label for code, found in labelled.items() if found.label is not None}

    def labelled(self, code_list: str, codes: Iterable[str], language: str) -> dict[str, LabelledCode]:
        wanted = {code: (cpv_code_for(code) or code) if code_list == CodeList.CPV.value else code
                  for code in codes}
        if not wanted:
            return {}
        rows = self._session.execute(
            sa.select(code_labels.c.code, code_labels.c.language, code_labels.c.label).where(
                code_labels.c.list == code_list, code_labels.c.code.in_(set(wanted.values())),
                code_labels.c.language.in_({language, FALLBACK_LANGUAGE})))
        best: dict[str, tuple[str, str]] = {}
        for code, row_language, label in rows:
            if code not in best or row_language == language:
                best[code] = (row_language, label)
        return {asked: LabelledCode(asked, best[stored][1], best[stored][0])
                for asked, stored in wanted.items() if stored in best}

    def is_empty(self, code_list: str) -> bool:
        return self._session.execute(
            sa.select(code_labels.c.code).where(code_labels.c.list == code_list).limit(1)).first() is None

    def codes_with_prefix(self, code_list: str, prefix: str, limit: int) -> list[str]:
        """Codes with at least one label that start with `prefix`, in code order (a range of the primary key)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (sa.select(code_labels.c.code).distinct()
                 .where(code_labels.c.list == code_list, code_labels.c.code.like(f"{escaped}%", escape="\\"))
                 .order_by(code_labels.c.code).limit(limit))
        return list(self._session.scalars(query))

    def codes_with_words(self, code_list: str, words: list[str], language: str, limit: int) -> list[str]:
        """Codes whose label in `language` or English has a word starting with each of `words`."""
        tsquery = " & ".join(f"'{word}':*" for word in words)  # words are \w+ only: nothing to quote
        matches = sa.func.to_tsvector(_SIMPLE, code_labels.c.label).bool_op("@@")(
            sa.func.to_tsquery(_SIMPLE, tsquery))
        query = (sa.select(code_labels.c.code).distinct()
                 .where(code_labels.c.list == code_list,
                        code_labels.c.language.in_({language, FALLBACK_LANGUAGE}), matches)
                 .order_by(code_labels.c.code).limit(limit))
        return list(self._session.scalars(query))

    def upsert(self, rows: Iterable[tuple[str, str, str, str]], *, replace: bool = True) -> int:
        """Adds (list, code, language, label) rows, replacing existing labels unless `replace` is false;
        returns how many rows were offered."""
        written = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, _BATCH)):
            statement = insert(code_labels).values(
                [{"list": lst, "code": code, "language": language, "label": label}
                 for lst, code, language, label in batch])
            self._session.execute(
                statement.on_conflict_do_update(index_elements=["list", "code", "language"],
                                                set_={"label": statement.excluded.label}) if replace
                else statement.on_conflict_do_nothing(index_elements=["list", "code", "language"]))
            written += len(batch)
        return written

    def counts(self) -> list[tuple[str, str, int]]:
        """(list, language, number of labels) for every list and language loaded."""
        query = (sa.select(code_labels.c.list, code_labels.c.language, sa.func.count())
                 .group_by(code_labels.c.list, code_labels.c.language)
                 .order_by(code_labels.c.list, code_labels.c.language))
        return [tuple(row) for row in self._session.execute(query)]


class UnsafeCodeList(ValueError):
    """The file declares a DTD: Genericode lists need none, and entities could reach outside the file."""


@dataclass
class GenericodeStream:
    """Reads a Genericode file row by row (lxml iterparse), so the full CPV list never sits in memory.

    `identification` (ShortName and LongName texts) and `columns` fill in as the header goes by;
    both come before the first row in a valid file.
    """
    path: Path
    identification: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[dict[str, str]]:
        events = etree.iterparse(str(self.path), events=("start", "end"), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=True)
        checked = False
        for event, element in events:
            if not checked:
                if element.getroottree().docinfo.doctype:
                    raise UnsafeCodeList("The file has a DOCTYPE; a Genericode code list needs none.")
                checked = True
            if event != "end":
                continue
            name = etree.QName(element).localname
            if name == "Row":
                yield _values(element)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif name in ("ShortName", "LongName") and _parent_name(element) == "Identification":
                self.identification.append((element.text or "").strip())
            elif name == "Column":
                self.columns.append(element.get("Id") or "")


def _parent_name(element) -> str:
    parent = element.getparent()
    return etree.QName(parent).localname if parent is not None else ""


def _values(row) -> dict[str, str]:
    values = {}
    for value in row:
        if etree.QName(value).localname != "Value":
            continue
        simple = next((child for child in value if etree.QName(child).localname == "SimpleValue"), None)
        if simple is not None and value.get("ColumnRef"):
            values[value.get("ColumnRef")] = (simple.text or "").strip()
    return values
