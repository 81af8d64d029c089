"""Per unordered dyad and date window: event count, Goldstein sum and sum of squares.

One GROUP BY over the events of the windows' date range (read by the date index); the
window of an event is a CASE over the windows' start dates, so the SQL is the same on
SQLite and PostgreSQL. The result holds one row per dyad and window that has events.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select

from graphsvc.models import EventFilter
from graphsvc.store.aggregates import confidence_clauses
from graphsvc.store.schema import events


def _window_index(starts: Sequence[date]) -> ColumnElement[int]:
    """0 for the first window … len(starts) - 1 for the last (latest start tested first)."""
    c = events.c
    whens = [(c.date >= start, i) for i, start in reversed(list(enumerate(starts)))]
    return case(*whens, else_=-1)


def window_sums(
    starts: Sequence[date], end: date, *, include_negated: bool = False, min_confidence: float = 0.0
) -> Select:
    """(a, b, window, n, goldstein_sum, goldstein_squares) with a ≤ b, of the events dated
    from ``starts[0]`` to ``end`` (inclusive); window i runs from ``starts[i]`` up to the
    next start (the last one to ``end``)."""
    c = events.c
    a = case((c.source <= c.target, c.source), else_=c.target).label("a")
    b = case((c.source <= c.target, c.target), else_=c.source).label("b")
    window = _window_index(starts).label("window")
    where = [c.date >= starts[0], c.date <= end, c.source != c.target, c.event_id.is_(None)]
    if not include_negated:
        where.append(c.negated == false())
    where += confidence_clauses(EventFilter(min_confidence=min_confidence), events)
    return (
        select(
            a,
            b,
            window,
            func.count().label("n"),
            func.sum(c.goldstein).label("goldstein_sum"),
            func.sum(c.goldstein * c.goldstein).label("goldstein_squares"),
        )
        .where(*where)
        .group_by(a, b, window)
    )


def extreme_events(
    pair: tuple[str, str],
    start: date,
    end: date,
    *,
    lowest: bool,
    limit: int,
    min_confidence: float = 0.0,
) -> Select:
    """Ids of a dyad's (both directions) events between the dates with the lowest (or
    highest) Goldstein scores, ties by newest id."""
    c = events.c
    x, y = pair
    both = or_(and_(c.source == x, c.target == y), and_(c.source == y, c.target == x))
    order = c.goldstein.asc() if lowest else c.goldstein.desc()
    confident = confidence_clauses(EventFilter(min_confidence=min_confidence), events)
    return (
        select(c.id)
        .where(both, c.date >= start, c.date <= end, c.negated == false(), c.event_id.is_(None))
        .where(*confident)
        .order_by(order, c.id.desc())
        .limit(limit)
    )
