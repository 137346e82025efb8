"""What the public notice search costs: through the service, and as the same SQL straight on PostgreSQL.

200,000 generated notices (`--quick`: 20,000) with real CPV codes, NUTS codes of six countries and
text in six languages are copied into a fresh notices database (the search trigger fills the
vectors). The mix: words in a language plus a CPV division plus a NUTS prefix plus a status, sorted
by deadline; each search's first page (with its facet counts) and its later pages down to the
tenth through their cursors. The service runs under gunicorn as in production; the direct side
runs the very statements the service's repository builds, on one psycopg connection.
Target: p95 at most 50 ms through the service and at most 1.5 times the direct SQL's p95.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import urllib3

from bench.load import percentile
from bench.processes import Gunicorn, bench_database_url, free_port

TARGET = {"service_p95_ms_at_most": 50, "ratio_to_direct_p95_at_most": 1.5}
SIZES = {"quick": {"notices": 20_000, "searches": 20, "rounds": 2},
         "full": {"notices": 200_000, "searches": 40, "rounds": 3}}
DEEPEST_PAGE = 10
_http = urllib3.PoolManager(retries=False, timeout=30, maxsize=4)


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    size = SIZES["quick" if options.quick else "full"]
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="procure-bench-")))
        environ = _environ(stack, workdir)
        url = _database(environ)
        loading = _load(url, size["notices"])
        service = Gunicorn("services.notices.app:create_app()", free_port(), environ, workers=2, threads=4,
                           log_dir=workdir)
        stack.callback(service.stop)
        service.wait_ready()
        requests = _requests(url, size["searches"])
        figures = _measure(url, service.url, requests, size["rounds"])
    return _report(figures, loading, size["notices"], len(requests))


def _options(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small run of a minute or less")
    return parser.parse_args(argv)


def _environ(stack: ExitStack, workdir: Path) -> dict[str, str]:
    return {"PROCURE_DATABASE_URL": bench_database_url(stack, workdir),
            "PROCURE_DATABASE_PREFIX": f"bench{uuid.uuid4().hex[:6]}_", "PROCURE_AMQP_URL": "memory://",
            "PROCURE_ISSUER": "http://127.0.0.1:9", "PROCURE_JWKS_URL": "http://127.0.0.1:9/.well-known/jwks.json",
            "PROCURE_RATE_LIMIT": "1000000/second", "PROCURE_LOG_LEVEL": "WARNING"}


def _database(environ: dict[str, str]) -> str:
    from procure.config import DatabaseSettings
    from procure.migrations import migrate
    settings = DatabaseSettings(database_url=environ["PROCURE_DATABASE_URL"],
                                database_prefix=environ["PROCURE_DATABASE_PREFIX"])
    url = settings.service_database_url("notices")
    migrate("notices", url)
    return url


def _connect(url: str):
    import psycopg
    import sqlalchemy as sa
    return psycopg.connect(sa.engine.make_url(url).set(drivername="postgresql").render_as_string(False))


def _load(url: str, count: int) -> dict:
    """COPY in batches; the search trigger fills the vectors as production writes would."""
    from psycopg.types.json import Jsonb

    from tests.support.notice_rows import COLUMNS, random_row
    rng, started = random.Random(2024), time.perf_counter()
    with _connect(url) as connection, connection.cursor() as cursor:
        with cursor.copy(f"COPY notices ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for _ in range(count):
                row = random_row(rng)
                copy.write_row([Jsonb(row[name]) if name in ("title", "description", "content") else row[name]
                                for name in COLUMNS])
        copied = time.perf_counter() - started
        connection.commit()
    with _connect(url) as connection:
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE notices")
        connection.execute("VACUUM ANALYZE notice_search")
    return {"copy_seconds": round(copied, 1), "total_seconds": round(time.perf_counter() - started, 1)}


def _requests(url: str, searches: int) -> list[dict]:
    """Each search's pages, walked once untimed: its query string and the statements the service runs."""
    import sqlalchemy as sa

    from procure.database import create_engine
    from services.notices.adapters.search import NoticeSearchRepository
    rng, engine, requests = random.Random(7), create_engine(url, poolclass=sa.NullPool), []
    with engine.connect() as connection:
        from sqlalchemy.orm import Session
        repository = NoticeSearchRepository(Session(bind=connection))
        for _ in range(searches):
            parameters, search = _search(rng)
            for depth in range(DEEPEST_PAGE):
                found = repository.page(search)
                requests.append({"query": {**parameters, **_cursor(search)}, "search": search, "depth": depth})
                if len(found) <= search.limit:
                    break
                search = replace(search, after=found[search.limit - 1].position(search.order))
    engine.dispose()
    return requests


def _search(rng: random.Random):
    from services.notices.domain.search import NoticeSearch, SearchOrder
    from tests.support.notice_rows import COUNTRIES, WORDS, cpv_codes, nuts_codes
    language = rng.choice(sorted(WORDS))
    words = " ".join(rng.sample(WORDS[language], rng.choice((1, 1, 2))))
    division = rng.choice(cpv_codes())[:2]
    region = rng.choice(nuts_codes((rng.choice(COUNTRIES),)))[:rng.choice((2, 3))]
    parameters = {"q": words, "lang": language, "cpv": division, "nuts": region, "status": "published",
                  "sort": "deadline", "limit": "20"}
    return parameters, NoticeSearch(words=words, words_language=language, cpv_prefixes=(division,),
                                    nuts_prefixes=(region,), statuses=("published",), order=SearchOrder.DEADLINE)


def _cursor(search) -> dict:
    from services.notices.api.search.routes import _encode
    return {"cursor": _encode(search.order, search.after)} if search.after else {}


def _statements(search) -> list:
    """The SQL text and parameters of what the service runs for this page (facets on a first page)."""
    from sqlalchemy.dialects import postgresql

    from services.notices.adapters.search import facets_statement, search_statement
    statements = [search_statement(search, search.limit + 1)]
    if search.after is None:
        statements.append(facets_statement(search))
    dialect = postgresql.psycopg.dialect()
    compiled = [(statement.compile(dialect=dialect), parameters) for statement, parameters in statements]
    return [(str(each), each.construct_params(parameters)) for each, parameters in compiled]


def _measure(url: str, service_url: str, requests: list[dict], rounds: int) -> dict:
    samples = {"service": [], "direct": [], "first_page_service": [], "deep_page_service": []}
    statements = [_statements(request["search"]) for request in requests]
    with _connect(url) as connection:
        connection.autocommit = True
        for round_number in range(rounds + 1):  # the first round warms caches and pools
            for request, sql in zip(requests, statements):
                service = _timed(lambda: _get(f"{service_url}/v1/notices", request["query"]))
                direct = _timed(lambda: [connection.execute(text, params).fetchall() for text, params in sql])
                if round_number:
                    samples["service"].append(service)
                    samples["direct"].append(direct)
                    samples["first_page_service" if request["depth"] == 0 else "deep_page_service"].append(service)
    return {name: summary(values) for name, values in samples.items() if values}


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(samples, 0.5), 2), "p95_ms": round(percentile(samples, 0.95), 2)}


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _get(url: str, query: dict):
    response = _http.request("GET", url, fields=query)
    if response.status != 200:
        raise RuntimeError(f"GET {url} answered {response.status}: {response.data[:300]!r}")
    return response


def _report(figures: dict, loading: dict, notices: int, requests: int) -> int:
    service, direct = figures["service"], figures["direct"]
    ratio = round(service["p95_ms"] / direct["p95_ms"], 2)
    print(f"{notices} notices loaded in {loading['total_seconds']} s (COPY with the search trigger "
          f"{loading['copy_seconds']} s); {requests} distinct pages per round")
    print(f"{'':<22}{'p50 ms':>10}{'p95 ms':>10}")
    for name, row in figures.items():
        print(f"{name:<22}{row['p50_ms']:>10}{row['p95_ms']:>10}")
    print(f"through the service p95 is {ratio} times the direct SQL's")
    met = (service["p95_ms"] <= TARGET["service_p95_ms_at_most"]
           and ratio <= TARGET["ratio_to_direct_p95_at_most"])
    print(json.dumps({"bench": "search", "figures": {**figures, "notices": notices, "loading": loading},
                      "baseline": {"name": "the same SQL straight on PostgreSQL", **direct},
                      "ratio": ratio, "target": TARGET, "met": met}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
