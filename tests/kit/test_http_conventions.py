"""ETags and If-Match, Idempotency-Key and keyset cursors, as every API uses them."""
from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from flask import Flask

from procure.errors import InvalidInput, PreconditionFailed, PreconditionRequired
from procure.web.http import (decode_cursor, decode_position, encode_cursor, encode_position, etag_for,
                              idempotency_key, keyset_page, required_if_match_version)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def app() -> Flask:
    return Flask(__name__)


def with_headers(app: Flask, function, **headers):
    with app.test_request_context("/", headers={k.replace("_", "-"): v for k, v in headers.items()}):
        return function()


def test_an_etag_names_the_version_in_quotes():
    assert etag_for(7) == '"v7"'


def test_if_match_gives_back_the_version_of_the_etag(app):
    assert with_headers(app, required_if_match_version, If_Match=etag_for(12)) == 12


def test_a_weak_if_match_is_read_like_a_strong_one(app):
    assert with_headers(app, required_if_match_version, If_Match='W/"v3"') == 3


def test_a_missing_if_match_is_428_precondition_required(app):
    with pytest.raises(PreconditionRequired) as raised:
        with_headers(app, required_if_match_version)

    assert raised.value.status == 428


@pytest.mark.parametrize("header", ["v3", '"3"', "*", '"v3", "v4"', '"vx"', '"v1234567890"', "garbage"])
def test_an_unreadable_if_match_is_412_precondition_failed(app, header):
    with pytest.raises(PreconditionFailed) as raised:
        with_headers(app, required_if_match_version, If_Match=header)

    assert raised.value.status == 412


def test_no_idempotency_key_is_none(app):
    assert with_headers(app, idempotency_key) is None


@pytest.mark.parametrize("key", ["abcdefgh", "9b2f3c1e-6d1a-4f0e-8c57-2b1f0c3d4e5a", "order:42.retry_1-a", "k" * 200])
def test_a_well_formed_idempotency_key_is_given_back(app, key):
    assert with_headers(app, idempotency_key, Idempotency_Key=key) == key


@pytest.mark.parametrize("key", ["short", "", "has space in it", "k" * 201, "semi;colons;here", "ünïcödé-key"])
def test_a_malformed_idempotency_key_is_invalid_input_naming_the_header(app, key):
    with pytest.raises(InvalidInput) as raised:
        with_headers(app, idempotency_key, Idempotency_Key=key)

    assert raised.value.status == 422
    assert "Idempotency-Key" in raised.value.errors


def test_a_cursor_gives_back_the_values_it_was_made_of():
    assert decode_cursor(encode_cursor("2030-01-01", 5, "x"), 3) == ["2030-01-01", 5, "x"]


def test_a_cursor_is_url_safe_without_padding():
    cursor = encode_cursor("a" * 10, str(uuid.uuid4()))

    assert "=" not in cursor and "+" not in cursor and "/" not in cursor


def test_a_position_cursor_round_trips_a_time_and_an_id():
    moment = datetime(2030, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)
    identifier = uuid.uuid4()

    assert decode_position(encode_position(moment, identifier)) == (moment, identifier)


def _b64(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "!!!not-base64!!!", "é", "AAAA", _b64({"a": 1}), _b64(["only-one"]), _b64(["2030-01-01", "x", "extra"]),
    _b64(["not a time", str(uuid.uuid4())]), _b64(["2030-01-01T00:00:00+00:00", "not-a-uuid"]),
    _b64([1, 2]), _b64(None),
], ids=["not-base64", "non-ascii", "not-json", "object", "too-short", "too-long", "bad-time", "bad-uuid",
        "numbers", "null"])
def test_a_tampered_cursor_is_invalid_input_naming_the_cursor(cursor):
    with pytest.raises(InvalidInput) as raised:
        decode_position(cursor)

    assert raised.value.errors == {"cursor": ["Invalid."]}


def test_a_full_page_gives_the_cursor_of_its_last_item():
    items = list(range(6))  # fetched with limit + 1

    page = keyset_page(items, 5, position=lambda item: f"after-{item}")

    assert page == {"items": [0, 1, 2, 3, 4], "next_cursor": "after-4"}


@pytest.mark.parametrize("count", [0, 3, 5])
def test_the_last_page_has_no_next_cursor(count):
    items = list(range(count))

    page = keyset_page(items, 5, position=lambda item: pytest.fail("no cursor is needed"))

    assert page == {"items": items, "next_cursor": None}


def test_following_cursors_walks_a_list_once_without_gaps_or_repeats():
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    rows = sorted(((start + timedelta(minutes=i % 4), uuid.uuid4()) for i in range(11)), reverse=True)

    def fetch(limit, after):
        return [row for row in rows if after is None or row < after][:limit]

    seen, cursor = [], None
    while True:
        page = keyset_page(fetch(4, decode_position(cursor) if cursor else None), 3,
                           position=lambda row: encode_position(*row))
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == rows
