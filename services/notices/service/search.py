"""Searching the published notices: a page, and on a first page the facet counts with their labels."""
from __future__ import annotations

from services.notices.adapters.search import english_code_labels
from services.notices.domain.search import FacetCount, NoticeSearch, SearchPage

_FACET_LISTS = {"cpv_division": "cpv", "nuts2": "nuts"}


def search_notices(search: NoticeSearch, uow, *, language: str = "en", with_facets: bool = True) -> SearchPage:
    """Facets are for the whole result, the same on every page: they come with the first one only."""
    with uow:
        found = uow.notice_search.page(search)
        facets = None
        if with_facets and search.after is None:
            facets = _labelled(uow.notice_search.facets(search), uow.code_labels, language)
    items = found[:search.limit]
    next_position = items[-1].position(search.order) if len(found) > search.limit else None
    return SearchPage(items=items, next_position=next_position, facets=facets)


def _labelled(facets: dict[str, list[FacetCount]], code_labels, language: str) -> dict:
    """Labels in `language`, else English from the label store, else English from the kit's lists
    (a label store nobody has filled yet still answers)."""
    labelled = {}
    for facet, counts in facets.items():
        code_list, codes = _FACET_LISTS.get(facet), [count.code for count in counts]
        names = {**english_code_labels(code_list, codes, language),
                 **code_labels.labels_for(code_list, codes, language)} if code_list and codes else {}
        labelled[facet] = [FacetCount(code=count.code, count=count.count, label=names.get(count.code))
                           for count in counts]
    return labelled
