"""The public directory of suppliers: filters agree with a brute-force search, pages are stable, indexes used."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procure.codelists import cpv, nuts
from services.identity.adapters.organisations import directory_select
from services.identity.adapters.tables.organisations import organisations
from services.identity.domain.directory import DirectoryQuery
from services.identity.domain.organisations import DirectoryProfile, Organisation, OrganisationDetails, OrganisationKind
from tests.support.procurement import PASSWORD, supplier_organisation

pytestmark = pytest.mark.integration

WORDS = ["alpine", "alpha", "beta", "bois", "charpente", "durand", "élec"]
CODES = ["45421000-4", "45210000-2", "45000000-7", "72212445-0", "03111000-2", "33141113-4"]
REGIONS = ["FRC11", "FRC12", "FR101", "BE100", "BE211", "CZ010"]
SIZES = ["micro", "small", "medium", "large"]

suppliers = st.lists(st.fixed_dictionaries({
    "name": st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    "cpv_codes": st.lists(st.sampled_from(CODES), max_size=3, unique=True),
    "nuts": st.sampled_from(REGIONS),
    "size": st.sampled_from(SIZES),
    "listed": st.booleans()}), max_size=8)
queries = st.fixed_dictionaries({
    "cpv": st.sampled_from([None, "45", "452", "4542", "45421000-4", "45000000-7", "72", "03111000", "99"]),
    "nuts": st.sampled_from([None, "FR", "FRC", "FRC1", "FR101", "BE", "BE2", "CZ010", "SE"]),
    "size": st.sampled_from([None, *SIZES]),
    "name": st.sampled_from([None, "alp", "alpha", "ALPINE bois", "é", "élec", "durand beta", "zzz"]),
    "limit": st.integers(min_value=1, max_value=4)})


def add_suppliers(wiring, rows: list[dict]) -> None:
    with wiring.unit_of_work() as uow:
        for row in rows:
            details = OrganisationDetails(nuts=row["nuts"], size=row["size"], cpv_codes=tuple(row["cpv_codes"]),
                                          directory=DirectoryProfile(listed=row["listed"]))
            uow.organisations.add(Organisation(
                id=uuid.uuid4(), name=row["name"], kind=OrganisationKind.SUPPLIER, country=nuts.country(row["nuts"]),
                created_at=datetime.now(timezone.utc), details=details))
        uow.commit()


def brute_force(wiring, query: dict) -> list[str]:
    """Every listed supplier in the database, filtered in Python, in the database's own name order."""
    with wiring.unit_of_work() as uow:
        rows = uow.session.execute(sa.select(organisations).where(
            organisations.c.directory_listed, organisations.c.kind == "supplier")
            .order_by(organisations.c.name, organisations.c.id)).mappings().all()
    prefix = cpv.significant_digits(query["cpv"]) if query["cpv"] else None
    words = query["name"].lower().split() if query["name"] else []

    def matches(row) -> bool:
        return ((prefix is None or any(cpv.significant_digits(code).startswith(prefix) for code in row["cpv_codes"]))
                and (query["nuts"] is None or (row["nuts"] or "").startswith(query["nuts"]))
                and (query["size"] is None or row["size"] == query["size"])
                and all(any(token.startswith(word) for token in row["name"].lower().split()) for word in words))
    return [str(row["id"]) for row in rows if matches(row)]


def search_all_pages(client, query: dict) -> list[str]:
    found, cursor = [], None
    parameters = {name: value for name, value in query.items() if value is not None}
    for _ in range(1000):
        answer = client.get("/v1/identity/directory/suppliers",
                            query_string={**parameters, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.json
        assert len(answer.json["items"]) <= query["limit"]
        found += [item["id"] for item in answer.json["items"]]
        cursor = answer.json["next_cursor"]
        if cursor is None:
            return found
    raise AssertionError("the pages never end")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=suppliers, query=queries)
def test_a_search_finds_exactly_what_a_brute_force_filter_finds_in_the_same_order(
        identity_client, identity_wiring, rows, query):
    add_suppliers(identity_wiring, rows)

    assert search_all_pages(identity_client, query) == brute_force(identity_wiring, query)


def test_only_opted_in_suppliers_are_listed_and_nothing_personal_shows(identity_client):
    listed = supplier_organisation("Zygomatique Listée", listed=True)
    hidden = supplier_organisation("Zygomatique Cachée", listed=False)
    for organisation in (listed, hidden):
        identity_client.post("/v1/identity/registrations", json={"organisation": organisation, "user": {
            "email": f"{uuid.uuid4().hex[:10]}@example.org", "name": "Camille Martin", "password": PASSWORD}})

    answer = identity_client.get("/v1/identity/directory/suppliers", query_string={"name": "zygomatique"})

    assert [item["name"] for item in answer.json["items"]] == ["Zygomatique Listée"]
    assert set(answer.json["items"][0]) == {"id", "name", "country", "nuts", "size", "cpv_codes", "description",
                                            "website"}
    assert "@" not in answer.get_data(as_text=True)


def test_the_directory_needs_no_token(identity_client):
    assert identity_client.get("/v1/identity/directory/suppliers").status_code == 200


@pytest.mark.parametrize("query", [{"cpv": "4"}, {"cpv": "abc"}, {"nuts": "F"}, {"size": "huge"}, {"limit": 0},
                                   {"limit": 1000}, {"cursor": "not-a-cursor"}, {"cursor": "WyJhIiwgIngiXQ"},
                                   {"name": "x" * 201}])
def test_a_wrong_search_is_422(identity_client, query):
    assert identity_client.get("/v1/identity/directory/suppliers", query_string=query).status_code == 422


def crowded_directory(session, count: int = 5000) -> None:
    """Many listed suppliers inside the caller's transaction (rolled back after), with fresh statistics."""
    regions = sorted(code for code in nuts.codes() if len(code) == 5)
    codes = sorted(cpv.labels())
    session.execute(sa.insert(organisations), [{
        "id": uuid.uuid4(), "name": f"supplier {number:05d} {WORDS[number % len(WORDS)]}{number}", "kind": "supplier",
        "country": "FR", "created_at": datetime.now(timezone.utc), "nuts": regions[number % len(regions)],
        "size": SIZES[number % 4], "cpv_codes": [codes[number % len(codes)]],
        "cpv_prefixes": cpv.prefixes(codes[number % len(codes)]), "directory_listed": True}
        for number in range(count)])
    # As autovacuum would: GIN indexes take new rows into a pending list first, which the planner costs high.
    session.execute(sa.text("SELECT gin_clean_pending_list('directory_by_cpv'), "
                            "gin_clean_pending_list('directory_by_words')"))
    session.execute(sa.text("ANALYZE organisations"))


@pytest.mark.parametrize("query, index", [
    (DirectoryQuery.build(cpv_code="4542"), ("directory_by_cpv",)),
    (DirectoryQuery.build(nuts="FRC1"), ("directory_by_nuts",)),
    # The planner may rather walk the name order when it expects the words to match often.
    (DirectoryQuery.build(name="alpine17"), ("directory_by_words", "directory_by_name")),
    (DirectoryQuery.build(), ("directory_by_name",))])
def test_each_filter_is_answered_from_an_index_without_scanning_the_table(identity_wiring, query, index):
    with identity_wiring.unit_of_work() as uow:
        crowded_directory(uow.session)
        connection = uow.session.connection()
        statement = directory_select(query, 21).compile(connection)
        plan = "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", statement.params))

    assert any(name in plan for name in index), plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.parametrize("persona, roles", [
    ("anonymous", None), ("supplier agent", ["supplier-agent"]), ("supplier admin", ["supplier-admin"]),
    ("buyer agent", ["buyer-agent"]), ("buyer admin", ["buyer-admin"]), ("opening committee", ["opening-committee"]),
    ("platform admin", ["platform-admin"]), ("auditor", ["auditor"]), ("user of another organisation", ["buyer-admin"])])
def test_everyone_may_search_the_directory(identity_client, mint, persona, roles):
    headers = {} if roles is None else {"Authorization": mint(roles=roles, organisation=uuid.uuid4())}

    assert identity_client.get("/v1/identity/directory/suppliers?size=small", headers=headers).status_code == 200
