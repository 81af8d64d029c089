"""Time series of event counts by quad class, from the store's per-day or per-month sums.

The store sums events per month (rollups) or per day (a dyad's or an actor's events); this
module only folds those few rows into the asked interval and fills the empty periods, so a
chart has a point for every period between the first and the last event.

>>> from datetime import date
>>> rows = [(202101, (2, 0, 0, 0), 3.0), (202103, (0, 0, 0, 1), -10.0)]
>>> [(p.period, p.count, p.by_quad_class) for p in fold_months(rows, "quarter")]
[('2021-Q1', 3, {1: 2, 2: 0, 3: 0, 4: 1})]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

from graphsvc.models import SeriesPoint

Interval = Literal["day", "week", "month", "quarter", "year"]
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


QuadCounts = tuple[int, int, int, int]


def fold(rows: Iterable[tuple[date, QuadCounts, float]], interval: Interval) -> list[SeriesPoint]:
    """(day, events per quad class 1-4, Goldstein sum) rows → one point per period, from
    the first period with events to the last, empty periods included."""
    sums: dict[date, tuple[list[int], list[float]]] = {}
    for day, quads, goldstein in rows:
        counts, total = sums.setdefault(period_start(day, interval), ([0, 0, 0, 0], [0.0]))
        for i, n in enumerate(quads):
            counts[i] += n
        total[0] += goldstein
    if not sums:
        return []
    points: list[SeriesPoint] = []
    start, last = min(sums), max(sums)
    while start <= last:
        counts, total = sums.get(start, ([0, 0, 0, 0], [0.0]))
        by_quad = dict(zip(QUADS, counts, strict=True))
        points.append(
            SeriesPoint(period_name(start, interval), start, sum(counts), by_quad, total[0])
        )
        start = _next_start(start, interval)
    return points


def fold_months(
    rows: Iterable[tuple[int, QuadCounts, float]], interval: Interval
) -> list[SeriesPoint]:
    """(yyyymm, events per quad class, Goldstein sum) rows → month, quarter or year points."""
    if interval not in MONTHLY:
        raise ValueError(f"monthly sums cannot give a {interval} series")
    return fold(((date(m // 100, m % 100, 1), q, g) for m, q, g in rows), interval)
