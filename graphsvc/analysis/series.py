"""Time series of event counts by quad class, from the store's per-day or per-month sums.

The store sums events per month (rollups) or per day (a dyad's or an actor's events); this
module only folds those few rows into the asked interval and fills the empty periods, so a
chart has a point for every period between the first and the last event.

>>> from datetime import date
>>> points = fold_months([(202101, 1, 2, 3.0), (202103, 4, 1, -10.0)], "quarter")
>>> [(p.period, p.count, p.by_quad_class) for p in points]
[('2021-Q1', 3, {1: 2, 2: 0, 3: 0, 4: 1})]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

from graphsvc.models import SeriesPoint

Interval = Literal["day", "week", "month", "quarter", "year"]
INTERVALS: tuple[Interval, ...] = ("day", "week", "month", "quarter", "year")
MONTHLY: frozenset[str] = frozenset({"month", "quarter", "year"})
QUADS = (1, 2, 3, 4)


def default_interval(first: date | None, last: date | None) -> Interval:
    """A readable number of points for the span: days up to a month, weeks up to half a
    year, months up to ten years, years beyond."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    if days <= 31:
        return "day"
    if days <= 183:
        return "week"
    return "month" if days <= 3653 else "year"


def period_start(day: date, interval: Interval) -> date:
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if interval == "month":
        return day.replace(day=1)
    if interval == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _next_start(start: date, interval: Interval) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[interval]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_name(start: date, interval: Interval) -> str:
    if interval == "day":
        return start.isoformat()
    if interval == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return f"{start.year}-{start.month:02d}"
    if interval == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def fold(rows: Iterable[tuple[date, int, int, float]], interval: Interval) -> list[SeriesPoint]:
    """(day, quad_class, events, Goldstein sum) rows → one point per period, gaps filled."""
    sums: dict[date, tuple[dict[int, int], list[float]]] = {}
    for day, quad, n, goldstein in rows:
        counts, total = sums.setdefault(period_start(day, interval), ({q: 0 for q in QUADS}, [0.0]))
        counts[quad] = counts.get(quad, 0) + n
        total[0] += goldstein
    if not sums:
        return []
    points: list[SeriesPoint] = []
    start, last = min(sums), max(sums)
    while start <= last:
        counts, total = sums.get(start, ({q: 0 for q in QUADS}, [0.0]))
        points.append(
            SeriesPoint(period_name(start, interval), start, sum(counts.values()), counts, total[0])
        )
        start = _next_start(start, interval)
    return points


def fold_months(
    rows: Iterable[tuple[int, int, int, float]], interval: Interval
) -> list[SeriesPoint]:
    """(yyyymm, quad_class, events, Goldstein sum) rows → month, quarter or year points."""
    if interval not in MONTHLY:
        raise ValueError(f"monthly sums cannot give a {interval} series")
    days = ((date(m // 100, m % 100, 1), q, n, g) for m, q, n, g in rows)
    return fold(days, interval)
