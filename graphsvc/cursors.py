"""Keyset cursors: where the next page starts, in a shape the OpenAPI can declare exactly.

Pure (no database): the store encodes and decodes them, the API declares their patterns.

An events cursor is the id of the last event read, in decimal digits. An articles cursor is
the creation time of the last article read, in microseconds since 1970-01-01 (UTC), a colon,
and that article's id; or ``@`` and a number of results to skip (search results, ranked,
have no keyset). A newest-first cursor (the dyad page's events, most recent first) is the
date of the last event read (``YYYY-MM-DD``, or ``undated``), a dot and its id. Any string of
that shape is a position to resume after, whether or not it came from a previous page;
anything else is refused with ``BadCursor`` (400).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from graphsvc.errors import BadCursor

_EVENT = r"[0-9]{1,19}"
# An article id holds no NUL (PostgreSQL text cannot) and has at most 200 characters.
_ARTICLE = r"[0-9]{1,17}:[^\x00]{0,200}"
# A page of search results (ranked, so no keyset): how many results come before it.
_SEARCH = r"@[0-9]{1,9}"
# As the OpenAPI declares the parameters: empty is the first page, like no cursor.
EVENTS_CURSOR_PATTERN = rf"^(?:{_EVENT})?$"
ARTICLES_CURSOR_PATTERN = rf"^(?:{_ARTICLE}|{_SEARCH})?$"

EVENTS_CURSOR_FORMAT = (
    "the id of the last event read, in digits; pass `next` from the previous page."
)
NEWEST_CURSOR_FORMAT = (
    "`YYYY-MM-DD.ID` or `undated.ID`, the date and id of the last event read; "
    "follow the page's link to older events."
)
ARTICLES_CURSOR_FORMAT = (
    "`MICROSECONDS:ID`, the creation time of the last article read in microseconds since "
    "1970-01-01 UTC and its id (with `q`: the matches stored before it), or `@OFFSET`, "
    "the number of results to skip; pass `next` from the previous page."
)

_NEWEST = r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|undated)\.[0-9]{1,19}"
NEWEST_CURSOR_PATTERN = rf"^(?:{_NEWEST})?$"
UNDATED = "undated"

EPOCH = datetime(1970, 1, 1)
# The largest value an Integer column (and a parameter compared with it) holds.
INTEGER_MAX = {"postgresql": 2**31 - 1, "sqlite": 2**63 - 1}
_EVENTS = re.compile(_EVENT)
_ARTICLES = re.compile(_ARTICLE, re.DOTALL)
_NEWEST_RE = re.compile(_NEWEST)
_SEARCHES = re.compile(_SEARCH)


def _refuse(what: str, shape: str) -> BadCursor:
    return BadCursor(
        f"The cursor is not a valid {what} cursor ({shape}); "
        "pass the 'next' value of a previous page."
    )


def encode_event_cursor(last_id: int) -> str:
    return str(last_id)


def decode_event_cursor(cursor: str, dialect: str) -> int:
    """The event id a page starts after. Past the largest id ``dialect`` stores no event
    follows, so larger positions become that one (a bound parameter could not hold them)."""
    if not _EVENTS.fullmatch(cursor):
        raise _refuse("events", "an event id in digits")
    return min(int(cursor), INTEGER_MAX.get(dialect, INTEGER_MAX["postgresql"]))


def encode_article_cursor(created_at: datetime, article_id: str) -> str:
    """``created_at`` is naive UTC, as stored."""
    micros = (created_at - EPOCH) // timedelta(microseconds=1)
    return f"{micros}:{article_id}"


def decode_article_cursor(cursor: str) -> tuple[datetime, str]:
    """(created_at, id) of the article a page starts after."""
    if not _ARTICLES.fullmatch(cursor):
        raise _refuse("articles", "MICROSECONDS:ID")
    micros, _, article_id = cursor.partition(":")
    return EPOCH + timedelta(microseconds=int(micros)), article_id


def encode_newest_cursor(day: date | None, last_id: int) -> str:
    """Position after the event (``day``, ``last_id``) in newest-first order."""
    return f"{day.isoformat() if day else UNDATED}.{last_id}"


def decode_newest_cursor(cursor: str, dialect: str) -> tuple[date | None, int]:
    """(date or None, id) of the event a newest-first page starts after."""
    if not _NEWEST_RE.fullmatch(cursor):
        raise _refuse("events", "YYYY-MM-DD.ID or undated.ID, the date and id of the last event")
    day, _, digits = cursor.partition(".")
    last_id = min(int(digits), INTEGER_MAX.get(dialect, INTEGER_MAX["postgresql"]))
    if day == UNDATED:
        return None, last_id
    try:
        return date.fromisoformat(day), last_id
    except ValueError:
        raise _refuse("events", "its date is not a calendar date") from None


def encode_search_cursor(offset: int) -> str:
    return f"@{offset}"


def decode_articles_position(cursor: str | None) -> tuple[int, tuple[datetime, str] | None]:
    """(results to skip, (created_at, id) to start before) of an articles cursor of either
    shape: ``@OFFSET`` skips, ``MICROSECONDS:ID`` starts after that article."""
    if not cursor:
        return 0, None
    if _SEARCHES.fullmatch(cursor):
        return int(cursor[1:]), None
    if not _ARTICLES.fullmatch(cursor):
        raise _refuse("articles", "MICROSECONDS:ID or @OFFSET")
    return 0, decode_article_cursor(cursor)
