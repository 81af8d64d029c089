"""Aggregate SELECTs (counts, sums, series) over the rollup tables — built, not run.

Every aggregate reads *units*: rollup rows matching a filter. Without a date filter they
come from ``dyad_totals``; with one, whole months come from ``dyad_months`` and the days of
a partly covered first or last month from the events table (indexed by date), grouped the
same way. So a count over a decade reads thousands of rollup rows, not millions of events,
and the answer equals a GROUP BY over the events themselves (tests check both ways).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    Subquery,
    Table,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.sql.expression import CTE, Alias, CompoundSelect

from graphsvc.models import EventFilter
from graphsvc.store.rollup import grouped_events, month_of
from graphsvc.store.schema import dyad_months, dyad_totals, events

COOPERATION = (1, 2)
CONFLICT = (3, 4)
FromClause = Table | Alias | Subquery | CTE


@dataclass(frozen=True, slots=True)
class Scope:
    """Which events of the filtered set: all, those touching ``actor``, or a dyad's."""

    actor: str | None = None
    dyad: tuple[str, str, bool] | None = None  # (a, b, directed)

    def clause(self, table: FromClause) -> ColumnElement[bool]:
        c = table.c
        parts: list[ColumnElement[bool]] = []
        if self.actor is not None:
            parts.append(or_(c.source == self.actor, c.target == self.actor))
        if self.dyad is not None:
            a, b, directed = self.dyad
            forward = and_(c.source == a, c.target == b)
            parts.append(forward if directed else or_(forward, and_(c.source == b, c.target == a)))
        return and_(true(), *parts)


EVERYTHING = Scope()


def match(f: EventFilter, table: FromClause, *, dates: bool = True) -> ColumnElement[bool]:
    """Every filter but ``min_count`` on an events-shaped or rollup table (dates optional:
    rollups have none)."""
    c = table.c
    parts: list[ColumnElement[bool]] = []
    if dates and f.date_from is not None:
        parts.append(c.date >= f.date_from)
    if dates and f.date_to is not None:
        parts.append(c.date <= f.date_to)
    if f.actors:
        codes = sorted(f.actors)
        parts.append(or_(c.source.in_(codes), c.target.in_(codes)))
    if f.codes or f.roots:
        parts.append(or_(c.code.in_(sorted(f.codes)), c.root.in_(sorted(f.roots))))
    if f.quad_classes:
        parts.append(c.quad_class.in_(sorted(f.quad_classes)))
    if not f.include_negated:
        parts.append(c.negated == false())
    return and_(true(), *parts)


def _next_month(m: int) -> int:
    year, month = divmod(m, 100)
    return (year + 1) * 100 + 1 if month == 12 else m + 1


def _previous_month(m: int) -> int:
    year, month = divmod(m, 100)
    return (year - 1) * 100 + 12 if month == 1 else m - 1


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def split_range(
    date_from: date | None, date_to: date | None
) -> tuple[tuple[int, int | None] | None, list[tuple[date | None, date | None]]]:
    """A date range as whole months (first, last yyyymm; last None = open) for the monthly
    rollup, plus the day ranges of partly covered months to read from the events."""
    days: list[tuple[date | None, date | None]] = []
    first = 1  # smallest real month (0 holds undated events, which a date filter excludes)
    if date_from is not None:
        first = month_of(date_from)
        if date_from.day != 1:
            head_end = _month_end(date_from)
            days.append((date_from, min(head_end, date_to) if date_to else head_end))
            first = _next_month(first)
    last: int | None = None
    if date_to is not None:
        last = month_of(date_to)
        if date_to != _month_end(date_to):
            start = date_to.replace(day=1)
            if date_from is None or start > date_from:
                days.append((start, date_to))
            last = _previous_month(last)
    if last is not None and first > last:
        return None, days
    return (first, last), days


def units(f: EventFilter, scope: Scope = EVERYTHING, *, by_month: bool = False) -> Subquery:
    """``unit_rows`` as a subquery named ``u``."""
    return unit_rows(f, scope, by_month=by_month).subquery("u")


def unit_rows(
    f: EventFilter, scope: Scope = EVERYTHING, *, by_month: bool = False
) -> Select | CompoundSelect:
    """Rollup-shaped rows (source, target, [month,] code, root, quad_class, negated, n,
    goldstein_sum, symmetric_n, first_date, last_date, label) of the matching events,
    before ``min_count``. ``by_month`` keeps months apart (for series)."""
    dated = f.date_from is not None or f.date_to is not None
    if not dated and not by_month:
        t = dyad_totals
        return select(*t.columns).where(match(f, t, dates=False), scope.clause(t))
    t = dyad_months
    months, days = split_range(f.date_from, f.date_to)
    parts: list[Select] = []
    if months is not None or not dated:
        where = [match(f, t, dates=False), scope.clause(t)]
        if dated and months is not None:
            where.append(t.c.month >= months[0])
            if months[1] is not None:
                where.append(t.c.month <= months[1])
        columns = list(t.columns) if by_month else [c for c in t.columns if c.name != "month"]
        parts.append(select(*columns).where(*where))
    for lo, hi in days:
        day_filter = EventFilter(
            date_from=lo,
            date_to=hi,
            actors=f.actors,
            codes=f.codes,
            roots=f.roots,
            quad_classes=f.quad_classes,
            include_negated=f.include_negated,
        )
        where_days = and_(match(day_filter, events), scope.clause(events))
        parts.append(grouped_events(events, where_days, by_month=by_month))
    if not parts:  # an empty range: no rows, right columns
        columns = list(t.columns) if by_month else [c for c in t.columns if c.name != "month"]
        return select(*columns).where(false())
    if len(parts) == 1:
        return parts[0]
    return union_all(*parts)


def _counted(f: EventFilter, scope: Scope, *, by_month: bool = False) -> FromClause:
    """``units`` with ``min_count`` applied: only rows of ordered pairs that have at least
    that many events under the filter."""
    if f.min_count <= 1:
        return units(f, scope, by_month=by_month)
    shared = unit_rows(f, scope, by_month=by_month).cte("all_units")
    busy = (
        select(shared.c.source, shared.c.target)
        .group_by(shared.c.source, shared.c.target)
        .having(func.sum(shared.c.n) >= f.min_count)
    )
    return (
        select(shared).where(tuple_(shared.c.source, shared.c.target).in_(busy)).subquery("busy_u")
    )


def busy_dyads(f: EventFilter) -> Select:
    """(source, target) of the ordered pairs with at least ``f.min_count`` matching events."""
    u = units(f)
    return (
        select(u.c.source, u.c.target)
        .group_by(u.c.source, u.c.target)
        .having(func.sum(u.c.n) >= f.min_count)
    )


def _flagged(u: FromClause, classes: tuple[int, ...]) -> ColumnElement[Any]:
    return func.sum(case((u.c.quad_class.in_(classes), u.c.n), else_=0))


def _mean(u: FromClause) -> ColumnElement[Any]:
    return cast(func.sum(u.c.goldstein_sum), Float) / func.sum(u.c.n)


def dyad_codes(f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """Per (source, target, code, quad_class): n, goldstein_sum, symmetric_n, first and last
    date, label — what a dyad graph is folded from (min_count applied by the caller)."""
    u = units(f, scope)
    keys = (u.c.source, u.c.target, u.c.code, u.c.quad_class)
    return select(
        *keys,
        func.sum(u.c.n).label("n"),
        func.sum(u.c.goldstein_sum).label("goldstein_sum"),
        func.sum(u.c.symmetric_n).label("symmetric_n"),
        func.min(u.c.first_date).label("first_date"),
        func.max(u.c.last_date).label("last_date"),
        func.max(u.c.label).label("label"),
    ).group_by(*keys)


def actor_counts(f: EventFilter) -> Select:
    """Per actor code: events touching it (a self-loop counts once), as source, as target."""
    u = _counted(f, EVERYTHING)
    pairs = (
        select(u.c.source, u.c.target, func.sum(u.c.n).label("n"))
        .group_by(u.c.source, u.c.target)
        .subquery("pairs")
    )
    p = pairs.c
    ends = union_all(
        select(
            p.source.label("code"),
            p.n.label("touching"),
            p.n.label("as_source"),
            literal(0).label("as_target"),
        ),
        select(
            p.target.label("code"),
            case((p.source == p.target, 0), else_=p.n).label("touching"),
            literal(0).label("as_source"),
            p.n.label("as_target"),
        ),
    ).subquery("ends")
    e = ends.c
    total = func.sum(e.touching)
    return (
        select(
            e.code,
            total.label("event_count"),
            func.sum(e.as_source).label("as_source"),
            func.sum(e.as_target).label("as_target"),
        )
        .group_by(e.code)
        .order_by(total.desc(), e.code)
    )


def partner_counts(code: str, f: EventFilter) -> Select:
    """Per partner of ``code``: count, mean Goldstein, cooperation, conflict."""
    u = _counted(f, Scope(actor=code))
    partner = case((u.c.source == code, u.c.target), else_=u.c.source).label("partner")
    inner = select(partner, u.c.n, u.c.goldstein_sum, u.c.quad_class).subquery("mine")
    m = inner.c
    count = func.sum(m.n)
    return (
        select(
            m.partner,
            count.label("count"),
            _mean(inner).label("mean_goldstein"),
            _flagged(inner, COOPERATION).label("cooperation"),
            _flagged(inner, CONFLICT).label("conflict"),
        )
        .group_by(m.partner)
        .order_by(count.desc(), m.partner)
    )


def counts_by(column: str, f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """Event counts grouped by a rollup key column (code, root, quad_class, source, …)."""
    u = _counted(f, scope)
    return select(u.c[column], func.sum(u.c.n).label("count")).group_by(u.c[column])


def totals(f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """count, mean_goldstein, cooperation, conflict, first_date, last_date of the scope."""
    u = _counted(f, scope)
    return select(
        func.coalesce(func.sum(u.c.n), 0).label("count"),
        _mean(u).label("mean_goldstein"),
        _flagged(u, COOPERATION).label("cooperation"),
        _flagged(u, CONFLICT).label("conflict"),
        func.min(u.c.first_date).label("first_date"),
        func.max(u.c.last_date).label("last_date"),
    )


def monthly(f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """Per (month, quad_class): n and Goldstein sum of dated events, months ascending."""
    u = _counted(f, scope, by_month=True)
    keys = (u.c.month, u.c.quad_class)
    return (
        select(
            *keys, func.sum(u.c.n).label("n"), func.sum(u.c.goldstein_sum).label("goldstein_sum")
        )
        .where(u.c.month > 0)
        .group_by(*keys)
        .order_by(*keys)
    )


def daily(where: ColumnElement[bool]) -> Select:
    """Per (date, quad_class) over raw events (short spans: a dyad's day or week series)."""
    c = events.c
    keys = (c.date, c.quad_class)
    return (
        select(*keys, func.count().label("n"), func.sum(c.goldstein).label("goldstein_sum"))
        .where(where, c.date.is_not(None))
        .group_by(*keys)
        .order_by(*keys)
    )


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())
