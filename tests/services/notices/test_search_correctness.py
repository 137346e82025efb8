"""The notice search finds exactly what a brute-force filter over the table finds, page after page."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procure.codelists import cpv
from services.notices.adapters.tables import notices
from services.notices.domain.search import PUBLIC_STATUSES, NoticeSearch, SearchOrder
from services.notices.service.search import search_notices
from tests.support.notice_rows import notice_row

pytestmark = pytest.mark.integration

WORDS = ["zorblat", "quexil", "vrompa", "glindor"]  # words no other test writes
CODES = ["45233141-9", "45210000-2", "45000000-7", "72212445-0", "03111000-2", "33141113-4"]
REGIONS = ["FRC11", "FR101", "FR1", "BE100", "BE211", "DE300", "ES51"]
START = datetime(2030, 1, 1, tzinfo=timezone.utc)

texts = st.dictionaries(st.sampled_from(["fr", "en", "de"]),
                        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=2)
rows = st.lists(st.builds(
    lambda title, description, codes, regions, status, procedure, days, value, green: notice_row(
        title=title, description=description, cpv_code=codes[0], additional_cpv=codes[1:], nuts=regions,
        published_at=START + timedelta(hours=days), status=status, procedure=procedure,
        deadline=START + timedelta(days=days % 7) if days % 5 else None, value=value,
        currency="EUR" if value is not None else None, green=green),
    texts, texts, st.lists(st.sampled_from(CODES), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2, unique=True),
    st.sampled_from([*PUBLIC_STATUSES, "draft"]), st.sampled_from(["open", "restricted"]),
    st.integers(0, 30), st.sampled_from([None, Decimal("1000.00"), Decimal("500000.00")]), st.booleans()),
    max_size=8)
searches = st.builds(
    NoticeSearch,
    words=st.sampled_from([None, "zorblat", "quexil vrompa", "glindor -zorblat"]),
    cpv_prefixes=st.sampled_from([(), ("45",), ("4523",), ("72", "03"), ("33141113",)]),
    nuts_prefixes=st.sampled_from([(), ("FR",), ("FRC1",), ("BE", "DE3")]),
    statuses=st.sampled_from([PUBLIC_STATUSES, ("published",), ("awarded", "cancelled")]),
    procedures=st.sampled_from([(), ("open",)]),
    value_min=st.sampled_from([None, Decimal("2000")]), currency=st.sampled_from([None, "EUR"]),
    green=st.sampled_from([None, True, False]),
    order=st.sampled_from([SearchOrder.DEADLINE, SearchOrder.PUBLISHED]), limit=st.integers(1, 4))


def brute_force(session, search: NoticeSearch) -> list:
    every = session.execute(sa.select(notices)).mappings().all()
    found = [row for row in every if _matches(row, search)]
    if search.order is SearchOrder.DEADLINE:
        return [row["id"] for row in sorted(found, key=lambda row: (
            row["submission_deadline"] is None, row["submission_deadline"] or START, row["id"]))]
    return [row["id"] for row in sorted(found, key=lambda row: (row["published_at"], row["id"]), reverse=True)]


def _matches(row, search: NoticeSearch) -> bool:
    tokens = {token for text in [*row["title"].values(), *row["description"].values()]
              for token in re.findall(r"\w+", text.lower())}
    wanted = [word for word in (search.words or "").split() if not word.startswith("-")]
    unwanted = [word[1:] for word in (search.words or "").split() if word.startswith("-")]
    return (row["status"] in search.statuses
            and all(word in tokens for word in wanted) and not any(word in tokens for word in unwanted)
            and (not search.cpv_prefixes or any(cpv.significant_digits(code).startswith(prefix)
                                                for code in row["cpv_codes"] for prefix in search.cpv_prefixes))
            and (not search.nuts_prefixes or any(code.startswith(prefix) for code in row["nuts_codes"]
                                                 for prefix in search.nuts_prefixes))
            and (not search.procedures or row["procedure"] in search.procedures)
            and (search.currency is None or row["currency"] == search.currency)
            and (search.value_min is None or (row["estimated_value"] is not None
                                              and row["estimated_value"] >= search.value_min))
            and (search.green is None or row["green"] is search.green))


def every_page(wiring, search: NoticeSearch) -> list:
    found = []
    # Bounded by the whole table, not by this example's rows: every other test's notices are in it too.
    with wiring.unit_of_work() as uow:
        most_pages = uow.session.execute(sa.select(sa.func.count()).select_from(notices)).scalar_one() + 1
    for _ in range(most_pages):
        page = search_notices(search, wiring.unit_of_work(), with_facets=False)
        assert len(page.items) <= search.limit
        found += [item.id for item in page.items]
        if page.next_position is None:
            return found
        search = replace(search, after=page.next_position)
    raise AssertionError("the pages never end")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows, search=searches)
def test_a_search_finds_exactly_what_a_brute_force_filter_finds_in_the_same_order(notices_app, rows, search):
    wiring = notices_app.extensions["procure.notices"]
    with wiring.unit_of_work() as uow:
        if rows:
            uow.session.execute(sa.insert(notices), rows)
        uow.commit()
        expected = brute_force(uow.session, search)

    assert every_page(wiring, search) == expected
