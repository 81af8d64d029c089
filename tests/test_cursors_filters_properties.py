"""Property tests: the cursor codec and the filter parser round-trip, and on arbitrary input
raise nothing but their documented error (BadCursor, InvalidInput)."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from urllib.parse import parse_qs

from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.api.filters import build_filter, form_count, form_date
from graphsvc.api.params import parse_iso_date
from graphsvc.cursors import (
    ARTICLES_CURSOR_PATTERN,
    EVENTS_CURSOR_PATTERN,
    INTEGER_MAX,
    decode_article_cursor,
    decode_event_cursor,
    encode_article_cursor,
    encode_event_cursor,
)
from graphsvc.errors import BadCursor, InvalidInput
from graphsvc.extract.ontology import load_ontology
from graphsvc.models import INT_MAX, EventFilter
from graphsvc.render import filter_query

FAST = settings(max_examples=300, derandomize=True, deadline=None)
ids = st.text(st.characters(blacklist_characters="\x00"), min_size=1, max_size=200)
stamps = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(5000, 1, 1))


@FAST
@given(st.integers(min_value=0, max_value=INT_MAX), st.sampled_from(["sqlite", "postgresql"]))
def test_event_cursor_round_trips(last_id: int, dialect: str) -> None:
    cursor = encode_event_cursor(last_id)
    assert re.search(EVENTS_CURSOR_PATTERN, cursor)
    assert decode_event_cursor(cursor, dialect) == last_id


@FAST
@given(stamps, ids)
def test_article_cursor_round_trips(created_at: datetime, article_id: str) -> None:
    cursor = encode_article_cursor(created_at, article_id)
    assert re.search(ARTICLES_CURSOR_PATTERN, cursor, re.DOTALL)
    assert decode_article_cursor(cursor) == (created_at, article_id)


@FAST
@given(st.text(), st.sampled_from(["sqlite", "postgresql"]))
def test_any_string_is_an_event_position_or_bad_cursor(text: str, dialect: str) -> None:
    try:
        value = decode_event_cursor(text, dialect)
    except BadCursor:
        assert not re.fullmatch(r"[0-9]{1,19}", text)
    else:
        assert 0 <= value <= INTEGER_MAX[dialect]


@FAST
@given(st.text() | st.from_regex(r"\A[0-9]{1,17}:[^\x00]{0,5}\Z"))
def test_any_string_is_an_article_position_or_bad_cursor(text: str) -> None:
    try:
        created_at, article_id = decode_article_cursor(text)
    except BadCursor:
        return
    assert "\x00" not in article_id and created_at >= datetime(1970, 1, 1)


codes = st.from_regex(r"\A[A-Z0-9]{1,8}\Z")
CAMEO = load_ontology()
filters = st.builds(
    EventFilter,
    date_from=st.none() | st.dates(min_value=date(1, 1, 1)),
    date_to=st.none() | st.dates(min_value=date(1, 1, 1)),
    actors=st.frozensets(codes, max_size=4),
    codes=st.frozensets(st.sampled_from([c.code for c in CAMEO]), max_size=4),
    roots=st.frozensets(st.sampled_from([c.code for c in CAMEO.roots()]), max_size=3),
    quad_classes=st.frozensets(st.integers(1, 4)),
    min_count=st.integers(1, INT_MAX),
).filter(lambda f: not (f.date_from and f.date_to and f.date_from > f.date_to))


@FAST
@given(filters)
def test_filter_round_trips_through_its_query_string(f: EventFilter) -> None:
    query = parse_qs(filter_query(f))
    got = build_filter(
        date_from=parse_iso_date(query["date_from"][0]) if "date_from" in query else None,
        date_to=parse_iso_date(query["date_to"][0]) if "date_to" in query else None,
        actors=query.get("actor"),
        codes=query.get("code"),
        roots=query.get("root"),
        quad_classes=query.get("quad_class"),
        min_count=int(query["min_count"][0]) if "min_count" in query else 1,
    )
    assert got == f


lists = st.none() | st.lists(st.text(max_size=12), max_size=3)


@FAST
@given(lists, lists, lists, lists, st.integers())
def test_filter_parser_raises_only_invalid_input(
    actors: list[str] | None,
    codes: list[str] | None,
    roots: list[str] | None,
    quads: list[str] | None,
    min_count: int,
) -> None:
    try:
        f = build_filter(
            actors=actors, codes=codes, roots=roots, quad_classes=quads, min_count=min_count
        )
    except InvalidInput:
        return
    assert all(re.fullmatch(r"[A-Z0-9]+", a) for a in f.actors)
    assert all(c in CAMEO for c in f.codes) and all(CAMEO.get(r).level == "root" for r in f.roots)
    assert f.quad_classes <= {1, 2, 3, 4} and 1 <= f.min_count <= INT_MAX


@FAST
@given(st.from_regex(r"\A[0-9]{1,5}\Z"), st.booleans())
def test_a_digit_string_is_a_filter_code_or_root_iff_the_ontology_has_it(
    digits: str, as_root: bool
) -> None:
    known = digits in CAMEO and (not as_root or CAMEO.get(digits).level == "root")
    try:
        f = build_filter(roots=[digits]) if as_root else build_filter(codes=[digits])
    except InvalidInput as e:
        assert not known
        assert ("root" if as_root else "code") in str(e)
    else:
        assert known and (f.roots if as_root else f.codes) == {digits}


@FAST
@given(st.none() | st.text(max_size=30))
def test_page_form_fields_raise_only_invalid_input(value: str | None) -> None:
    for parse in (lambda v: form_date("date_from", v), form_count):
        with contextlib.suppress(InvalidInput):
            parse(value)
