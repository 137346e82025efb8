"""The public search in PostgreSQL: one statement for a page, one for the facet counts.

Prefix filters are array overlaps on `cpv_prefixes` / `nuts_prefixes` so their GIN indexes
apply; words are matched against `notice_search.search_vector` with the query language's
configuration (`notice_search_config`, migration 0003).
"""
from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from procure.codelists import cpv, nuts

from services.notices.adapters.tables import notices
from services.notices.adapters.tables.search import notice_search
from services.notices.domain.search import FacetCount, FoundNotice, NoticeSearch, SearchOrder

INFINITY = sa.literal_column("'infinity'::timestamptz")
DEADLINE_KEY = sa.func.coalesce(notices.c.submission_deadline, INFINITY)  # no deadline: last
_LISTED = ("id", "buyer_id", "notice_type", "status", "title", "description", "procedure", "contract_nature",
           "cpv_code", "nuts_codes", "estimated_value", "currency", "submission_deadline", "published_at")


class NoticeSearchRepository:
    def __init__(self, session: Session):
        self._session = session

    def page(self, search: NoticeSearch) -> list[FoundNotice]:
        """`search.limit` notices after `search.after`, plus one more when there is a next page."""
        rows = self._session.execute(search_select(search, search.limit + 1)).mappings()
        return [FoundNotice(**{name: row[name] for name in _LISTED if name != "nuts_codes"},
                            nuts_codes=tuple(row["nuts_codes"]), rank=row.get("rank")) for row in rows]

    def facets(self, search: NoticeSearch) -> dict[str, list[FacetCount]]:
        """Counts per CPV division, NUTS-2 region and procedure of every notice the search matches."""
        counts: dict[str, list[FacetCount]] = {"cpv_division": [], "nuts2": [], "procedure": []}
        for facet, code, count in self._session.execute(facets_select(search)):
            counts[facet].append(FacetCount(code=code, count=count))
        return counts


def _tsquery(search: NoticeSearch):
    return sa.func.websearch_to_tsquery(sa.func.notice_search_config(search.words_language), search.words)


def _matches(search: NoticeSearch) -> list:
    """The conditions of every filter the search sets."""
    c = notices.c
    conditions = [c.status.in_(search.statuses)] if search.statuses else []
    optional = [
        (search.cpv_prefixes, lambda: c.cpv_prefixes.overlap(_texts(search.cpv_prefixes))),
        (search.nuts_prefixes, lambda: c.nuts_prefixes.overlap(_texts(search.nuts_prefixes))),
        (search.buyer_id, lambda: c.buyer_id == search.buyer_id),
        (search.procedures, lambda: c.procedure.in_(search.procedures)),
        (search.natures, lambda: c.contract_nature.in_(search.natures)),
        (search.deadline_from, lambda: c.submission_deadline >= search.deadline_from),
        (search.deadline_to, lambda: c.submission_deadline <= search.deadline_to),
        (search.published_from, lambda: c.published_at >= search.published_from),
        (search.published_to, lambda: c.published_at <= search.published_to),
        (search.currency, lambda: c.currency == search.currency),
        (search.value_min is not None, lambda: c.estimated_value >= search.value_min),
        (search.value_max is not None, lambda: c.estimated_value <= search.value_max),
        (search.language, lambda: c.languages.contains(_texts([search.language]))),
    ]
    conditions += [condition() for wanted, condition in optional if wanted]
    for flag in ("green", "social", "innovation", "above_threshold"):
        if getattr(search, flag) is not None:
            conditions.append(c[flag].is_(getattr(search, flag)))
    if search.words:
        conditions.append(notice_search.c.search_vector.bool_op("@@")(_tsquery(search)))
    return conditions


def _texts(values) -> sa.BindParameter:
    return sa.bindparam(None, list(values), type_=ARRAY(sa.Text))


def _source(search: NoticeSearch):
    if search.words:
        return notices.join(notice_search, notice_search.c.notice_id == notices.c.id)
    return notices


def search_select(search: NoticeSearch, limit: int) -> sa.Select:
    columns = [notices.c[name] for name in _LISTED]
    if search.order is SearchOrder.RELEVANCE:
        rank = sa.func.ts_rank(notice_search.c.search_vector, _tsquery(search))
        key, descending = rank, True
        columns.append(rank.label("rank"))
    elif search.order is SearchOrder.DEADLINE:
        key, descending = DEADLINE_KEY, False
    else:
        key, descending = notices.c.published_at, True
    query = sa.select(*columns).select_from(_source(search)).where(*_matches(search))
    if search.after is not None:
        query = query.where(_after(key, descending, search.after, search.order))
    order = (key.desc(), notices.c.id.desc()) if descending else (key, notices.c.id)
    return query.order_by(*order).limit(limit)


def _after(key, descending: bool, after: tuple, order: SearchOrder):
    value, identifier = after
    if order is SearchOrder.DEADLINE:
        value = sa.func.coalesce(sa.bindparam(None, value, type_=sa.DateTime(timezone=True)), INFINITY)
    elif order is SearchOrder.RELEVANCE:
        value = sa.cast(sa.bindparam(None, value, type_=sa.Float), sa.REAL)
    position = sa.tuple_(key, notices.c.id)
    return position < sa.tuple_(value, identifier) if descending else position > sa.tuple_(value, identifier)


def facets_select(search: NoticeSearch) -> sa.Select:
    """(facet, code, count) rows, the matching notices read once."""
    matching = (sa.select(notices.c.cpv_code, notices.c.procedure, notices.c.nuts_prefixes)
                .select_from(_source(search)).where(*_matches(search)).cte("matching"))
    matching = matching.prefix_with("MATERIALIZED")
    region = sa.func.unnest(matching.c.nuts_prefixes).table_valued("region").render_derived()
    division = sa.func.left(matching.c.cpv_code, 2)
    by_division = sa.select(sa.literal("cpv_division"), division, sa.func.count()).group_by(division)
    by_region = (sa.select(sa.literal("nuts2"), region.c.region, sa.func.count())
                 .select_from(matching.join(region, sa.true()))
                 .where(sa.func.length(region.c.region) == 4).group_by(region.c.region))
    by_procedure = sa.select(sa.literal("procedure"), matching.c.procedure, sa.func.count()).group_by(
        matching.c.procedure)
    facets = sa.union_all(by_division, by_region, by_procedure).subquery()
    return sa.select(*facets.c).order_by(facets.c[0], facets.c[2].desc(), facets.c[1])


def english_code_labels(code_list: str, codes: list[str], language: str) -> dict[str, str | None]:
    """Labels from the kit's code lists, in English whatever the language asked (its lists carry English only)."""
    if code_list == "cpv":
        divisions = _cpv_divisions()
        return {code: divisions.get(code) for code in codes}
    if code_list == "nuts":
        return {code: nuts.label(code) for code in codes}  # the lists name level-3 regions only
    return {code: None for code in codes}


@cache
def _cpv_divisions() -> dict[str, str]:
    return {cpv.significant_digits(code): cpv.label(code) for code in cpv.divisions()}
