"""The newest-first cursor (the dyad page's "Older" link): round trip, and any string is a
position or a BadCursor, never another error."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.cursors import (
    INTEGER_MAX,
    NEWEST_CURSOR_PATTERN,
    decode_newest_cursor,
    encode_newest_cursor,
)
from graphsvc.errors import BadCursor
from graphsvc.models import INT_MAX

FAST = settings(max_examples=300, derandomize=True, deadline=None)
days = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@FAST
@given(days, st.integers(min_value=0, max_value=INT_MAX), st.sampled_from(["sqlite", "postgresql"]))
def test_newest_cursor_round_trips(day: date | None, last_id: int, dialect: str) -> None:
    cursor = encode_newest_cursor(day, last_id)
    assert re.search(NEWEST_CURSOR_PATTERN, cursor)
    assert decode_newest_cursor(cursor, dialect) == (day, last_id)


@FAST
@given(st.text(), st.sampled_from(["sqlite", "postgresql"]))
def test_any_string_is_a_newest_position_or_bad_cursor(text: str, dialect: str) -> None:
    try:
        day, last_id = decode_newest_cursor(text, dialect)
    except BadCursor:
        return
    assert re.fullmatch(NEWEST_CURSOR_PATTERN, text)
    assert 0 <= last_id <= INTEGER_MAX[dialect]
    assert day is None or isinstance(day, date)


def test_newest_cursor_clamps_huge_ids_and_refuses_impossible_dates() -> None:
    assert decode_newest_cursor("undated." + "9" * 19, "postgresql") == (None, 2**31 - 1)
    for bad in ("2021-02-30.5", "undated", "2021-01-01", ".5", "2021-1-1.5"):
        try:
            decode_newest_cursor(bad, "sqlite")
        except BadCursor:
            continue
        raise AssertionError(bad)
