"""The public search in PostgreSQL: one statement for a page, one for the facet counts.

Every condition runs on the narrow `notice_search` table (migration 0003), so words, CPV and
NUTS prefixes combine on its GIN indexes; prefix filters are array overlaps so those indexes
apply, words are matched with the query language's configuration (`notice_search_config`).
The page's keys are chosen there first; `notices` is read only for those rows, and facets
never read it.

A statement depends only on which filters a search sets, not on their values: it is built once
per such shape with named parameters and reused, so a request pays neither for building it nor
for SQLAlchemy's cache key.
"""
from __future__ import annotations

from functools import cache, lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from procure.codelists import cpv, nuts

from services.notices.adapters.tables import notices
from services.notices.adapters.tables.search import notice_search
from services.notices.domain.search import PUBLIC_STATUSES, FacetCount, FoundNotice, NoticeSearch, SearchOrder

INFINITY = sa.literal_column("'infinity'::timestamptz")
DEADLINE_KEY = sa.func.coalesce(notice_search.c.submission_deadline, INFINITY)  # no deadline: last
_LISTED = ("id", "buyer_id", "notice_type", "status", "title", "description", "procedure", "contract_nature",
           "cpv_code", "nuts_codes", "estimated_value", "currency", "submission_deadline", "published_at")
_TEXTS = ARRAY(sa.Text)
_MOMENT = sa.DateTime(timezone=True)
_FLAGS = ("green", "social", "innovation", "above_threshold")


class NoticeSearchRepository:
    def __init__(self, session: Session):
        self._session = session

    def page(self, search: NoticeSearch) -> list[FoundNotice]:
        """`search.limit` notices after `search.after`, plus one more when there is a next page."""
        rows = self._session.execute(*search_statement(search, search.limit + 1)).mappings()
        return [FoundNotice(**{name: row[name] for name in _LISTED if name != "nuts_codes"},
                            nuts_codes=tuple(row["nuts_codes"]), rank=row.get("rank")) for row in rows]

    def facets(self, search: NoticeSearch) -> dict[str, list[FacetCount]]:
        """Counts per CPV division, NUTS-2 region and procedure of every notice the search matches."""
        counts: dict[str, list[FacetCount]] = {"cpv_division": [], "nuts2": [], "procedure": []}
        for facet, code, count in self._session.execute(*facets_statement(search)):
            counts[facet].append(FacetCount(code=code, count=count))
        return counts


def search_statement(search: NoticeSearch, limit: int) -> tuple[sa.Select, dict]:
    """The page's statement and its parameters: `limit` notices after `search.after`."""
    parameters = _parameters(search)
    if search.after is not None:
        parameters["after_key"], parameters["after_id"] = search.after
    statement = _page_select(frozenset(_filters(parameters)), search.order, search.after is not None)
    return statement, {**parameters, "limit": limit}


def facets_statement(search: NoticeSearch) -> tuple[sa.Select, dict]:
    parameters = _parameters(search)
    return _facets_select(frozenset(parameters)), parameters


def _parameters(search: NoticeSearch) -> dict:
    """The value of every filter the search sets, by the name of its parameter."""
    values = {
        "statuses": list(search.statuses or PUBLIC_STATUSES), "cpv_prefixes": list(search.cpv_prefixes),
        "nuts_prefixes": list(search.nuts_prefixes), "buyer_id": search.buyer_id,
        "procedures": list(search.procedures), "natures": list(search.natures),
        "deadline_from": search.deadline_from, "deadline_to": search.deadline_to,
        "published_from": search.published_from, "published_to": search.published_to,
        "value_min": search.value_min, "value_max": search.value_max, "currency": search.currency,
        "languages": [search.language] if search.language else [],
        **{flag: getattr(search, flag) for flag in _FLAGS},
    }
    if search.words:
        values.update(words=search.words, words_language=search.words_language)
    return {name: value for name, value in values.items() if value is not None and value != []}


def _filters(parameters: dict) -> list[str]:
    return [name for name in parameters if name not in ("after_key", "after_id")]


def _conditions(names: frozenset[str]) -> list:
    """The condition of every filter named, each reading its own parameter."""
    c = notice_search.c
    every = {
        "statuses": lambda: c.status == sa.any_(sa.bindparam("statuses", type_=_TEXTS)),
        "cpv_prefixes": lambda: c.cpv_prefixes.overlap(sa.bindparam("cpv_prefixes", type_=_TEXTS)),
        "nuts_prefixes": lambda: c.nuts_prefixes.overlap(sa.bindparam("nuts_prefixes", type_=_TEXTS)),
        "buyer_id": lambda: c.buyer_id == sa.bindparam("buyer_id", type_=sa.Uuid),
        "procedures": lambda: c.procedure == sa.any_(sa.bindparam("procedures", type_=_TEXTS)),
        "natures": lambda: c.contract_nature == sa.any_(sa.bindparam("natures", type_=_TEXTS)),
        "deadline_from": lambda: c.submission_deadline >= sa.bindparam("deadline_from", type_=_MOMENT),
        "deadline_to": lambda: c.submission_deadline <= sa.bindparam("deadline_to", type_=_MOMENT),
        "published_from": lambda: c.published_at >= sa.bindparam("published_from", type_=_MOMENT),
        "published_to": lambda: c.published_at <= sa.bindparam("published_to", type_=_MOMENT),
        "value_min": lambda: c.estimated_value >= sa.bindparam("value_min", type_=sa.Numeric(20, 2)),
        "value_max": lambda: c.estimated_value <= sa.bindparam("value_max", type_=sa.Numeric(20, 2)),
        "currency": lambda: c.currency == sa.bindparam("currency", type_=sa.String),
        "languages": lambda: c.languages.contains(sa.bindparam("languages", type_=_TEXTS)),
        "words": lambda: c.search_vector.bool_op("@@")(_tsquery()),
        **{flag: (lambda flag=flag: c[flag] == sa.bindparam(flag, type_=sa.Boolean)) for flag in _FLAGS},
    }
    return [condition() for name, condition in every.items() if name in names]


def _tsquery():
    language = sa.func.notice_search_config(sa.bindparam("words_language", type_=sa.Text))
    return sa.func.websearch_to_tsquery(language, sa.bindparam("words", type_=sa.Text))


@lru_cache(maxsize=512)
def _page_select(names: frozenset[str], order: SearchOrder, after: bool) -> sa.Select:
    s = notice_search.c
    if order is SearchOrder.RELEVANCE:
        key, descending = sa.func.ts_rank(s.search_vector, _tsquery()), True
    elif order is SearchOrder.DEADLINE:
        key, descending = DEADLINE_KEY, False
    else:
        key, descending = s.published_at, True
    chosen = sa.select(s.notice_id, key.label("key")).where(*_conditions(names))
    if after:
        chosen = chosen.where(_after(key, descending, order))
    order_by = (key.desc(), s.notice_id.desc()) if descending else (key, s.notice_id)
    page = chosen.order_by(*order_by).limit(sa.bindparam("limit", type_=sa.Integer)).subquery("page")
    columns = [notices.c[name] for name in _LISTED]
    if order is SearchOrder.RELEVANCE:
        columns.append(page.c.key.label("rank"))
    order_by = (page.c.key.desc(), page.c.notice_id.desc()) if descending else (page.c.key, page.c.notice_id)
    return sa.select(*columns).select_from(page.join(notices, notices.c.id == page.c.notice_id)).order_by(*order_by)


def _after(key, descending: bool, order: SearchOrder):
    value = sa.bindparam("after_key", type_=_MOMENT)
    if order is SearchOrder.DEADLINE:
        value = sa.func.coalesce(value, INFINITY)
    elif order is SearchOrder.RELEVANCE:
        value = sa.cast(sa.bindparam("after_key", type_=sa.Float), sa.REAL)
    position, last = sa.tuple_(key, notice_search.c.notice_id), sa.tuple_(value, sa.bindparam("after_id",
                                                                                               type_=sa.Uuid))
    return position < last if descending else position > last


@lru_cache(maxsize=256)
def _facets_select(names: frozenset[str]) -> sa.Select:
    """(facet, code, count) rows, the matching notices read once."""
    s = notice_search.c
    matching = sa.select(s.cpv_code, s.procedure, s.nuts_prefixes).where(*_conditions(names)).cte("matching")
    matching = matching.prefix_with("MATERIALIZED")
    region = sa.func.unnest(matching.c.nuts_prefixes).table_valued("region").render_derived()
    division = sa.func.left(matching.c.cpv_code, 2)
    by_division = (sa.select(sa.literal_column("'cpv_division'").label("facet"), division.label("code"),
                             sa.func.count().label("count")).group_by(division))
    by_region = (sa.select(sa.literal_column("'nuts2'"), region.c.region, sa.func.count())
                 .select_from(matching.join(region, sa.true()))
                 .where(sa.func.length(region.c.region) == 4).group_by(region.c.region))
    by_procedure = sa.select(sa.literal_column("'procedure'"), matching.c.procedure, sa.func.count()).group_by(
        matching.c.procedure)
    facets = sa.union_all(by_division, by_region, by_procedure).subquery()
    return sa.select(*facets.c).order_by(facets.c.facet, facets.c["count"].desc(), facets.c.code)


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
