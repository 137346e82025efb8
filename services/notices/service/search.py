"""Searching the published notices: a page, and on a first page the facet counts with their labels."""
from __future__ import annotations

from typing import Callable

from services.notices.adapters.search import english_code_labels
from services.notices.domain.search import FacetCount, NoticeSearch, SearchPage

# (code list, codes, language) -> {code: label or None}: the kit's English lists, or imported multilingual ones.
CodeLabels = Callable[[str, list[str], str], dict[str, "str | None"]]
_FACET_LISTS = {"cpv_division": "cpv", "nuts2": "nuts"}


def search_notices(search: NoticeSearch, uow, *, language: str = "en", labels: CodeLabels | None = None,
                   with_facets: bool = True) -> SearchPage:
    """Facets are for the whole result, the same on every page: they come with the first one only."""
    labels = labels or english_code_labels
    with uow:
        found = uow.notice_search.page(search)
        facets = uow.notice_search.facets(search) if with_facets and search.after is None else None
    items = found[:search.limit]
    next_position = items[-1].position(search.order) if len(found) > search.limit else None
    return SearchPage(items=items, next_position=next_position,
                      facets=_labelled(facets, labels, language) if facets is not None else None)


def _labelled(facets: dict[str, list[FacetCount]], labels: CodeLabels, language: str) -> dict:
    labelled = {}
    for facet, counts in facets.items():
        code_list = _FACET_LISTS.get(facet)
        names = labels(code_list, [count.code for count in counts], language) if code_list else {}
        labelled[facet] = [FacetCount(code=count.code, count=count.count, label=names.get(count.code))
                           for count in counts]
    return labelled
