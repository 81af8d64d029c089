"""Aggregate SELECTs (counts, sums, series) over the rollup tables — built, not run.

Every aggregate reads *units*: rows of per-pair sums (events, events per quad class and per
CAMEO root, Goldstein sum, symmetric events, first and last date) matching a filter:

- filters on dates, actors and negation only (the usual graph, list, profile and series)
  read the pair rollups: ``pair_totals`` without a date filter; with one, whole years from
  ``pair_years``, whole months from ``pair_months`` and the days of partly covered months
  from the events table (by its date index), each grouped to the same shape;
- filters on code, root or quad class read ``code_totals`` without a date filter and the
  matching events (by their code, date or pair indexes) with one;
- dataset filters and a ``min_confidence`` on a tier boundary (a multiple of 0.05) are keys
  of every rollup row (dataset, confidence tier), so they take the paths above; any other
  ``min_confidence`` reads the matching events, grouped in the database.

So a count over a decade reads tens of thousands of rollup rows rather than millions of
events, and the answer equals a GROUP BY over the events themselves (tests check both).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
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

from graphsvc.models import CONFIDENCE_SLACK, EventFilter
from graphsvc.store.rollup import grouped_pairs
from graphsvc.store.schema import (
    PAIR_SUMS,
    QUADS,
    ROOTS,
    code_totals,
    events,
    pair_months,
    pair_totals,
    pair_years,
)

PAIR_KEY_SEP = "|"  # never in an actor code (letters and digits)
COOPERATION = (1, 2)
CONFLICT = (3, 4)
SUMS = (*PAIR_SUMS, "goldstein_sum", "confidence_sum")
FromClause = Table | Alias | Subquery | CTE
Parts = list[tuple[str, Any, Any]]  # ("year"|"month"|"days", first, last)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which events of the filtered set: all, those touching ``actor``, a dyad's (either
    way unless directed), or those of some ordered ``pairs``.

    A directed dyad a→b also holds the *symmetric* events stored as b→a ("Russia and
    Turkey held talks" is one event that goes both ways), never twice. The rollups cannot
    tell those apart by quad class or date, so on a rollup table ``clause`` keeps to a→b
    and ``unit_rows`` adds the mirrored events from the events table (see ``mirror``).
    """

    actor: str | None = None
    dyad: tuple[str, str, bool] | None = None  # (a, b, directed)
    pairs: tuple[tuple[str, str], ...] | None = None  # ordered (source, target) pairs
    mirrored: bool = True  # False: a directed dyad's stored direction only

    def mirror(self) -> Scope | None:
        """The reverse pair b→a (stored direction only) of a directed dyad a→b (a ≠ b),
        whose symmetric events count for a→b too; None for any other scope."""
        if not self.mirrored or self.dyad is None or not self.dyad[2]:
            return None
        a, b, _ = self.dyad
        return None if a == b else Scope(self.actor, (b, a, True), self.pairs, mirrored=False)

    def forward(self) -> Scope:
        """This scope without the mirrored events."""
        return Scope(self.actor, self.dyad, self.pairs, mirrored=False)

    def clause(self, table: FromClause) -> ColumnElement[bool]:
        """The scope on ``table``; on the events table (it has a ``symmetric`` column) a
        directed dyad includes its mirrored symmetric events, on a rollup it does not."""
        c = table.c
        parts: list[ColumnElement[bool]] = []
        if self.actor is not None:
            parts.append(or_(c.source == self.actor, c.target == self.actor))
        if self.dyad is not None:
            a, b, directed = self.dyad
            forward = and_(c.source == a, c.target == b)
            backward = and_(c.source == b, c.target == a)
            if not directed:
                parts.append(or_(forward, backward))
            elif self.mirror() is not None and "symmetric" in c:
                parts.append(or_(forward, and_(backward, c.symmetric == true())))
            else:
                parts.append(forward)
        if self.pairs is not None:
            # One text key per pair: PostgreSQL hashes a long IN list of scalars but tests
            # a row-value IN list pair by pair (2 s for 1,500 pairs over 30,000 rows).
            keys = sorted({f"{a}{PAIR_KEY_SEP}{b}" for a, b in self.pairs})
            parts.append((c.source + PAIR_KEY_SEP + c.target).in_(keys))
        return and_(true(), *parts)


EVERYTHING = Scope()


def match(
    f: EventFilter, table: FromClause, *, dates: bool = True, kinds: bool = True
) -> ColumnElement[bool]:
    """Every filter but ``min_count`` on an events-shaped or rollup table (``dates`` and
    the code/root/quad ``kinds`` can be left out where the table has no such columns)."""
    c = table.c
    parts: list[ColumnElement[bool]] = []
    if dates and f.date_from is not None:
        parts.append(c.date >= f.date_from)
    if dates and f.date_to is not None:
        parts.append(c.date <= f.date_to)
    if f.actors:
        codes = sorted(f.actors)
        parts.append(or_(c.source.in_(codes), c.target.in_(codes)))
    if kinds and (f.codes or f.roots):
        parts.append(or_(c.code.in_(sorted(f.codes)), c.root.in_(sorted(f.roots))))
    if kinds and f.quad_classes:
        parts.append(c.quad_class.in_(sorted(f.quad_classes)))
    if not f.include_negated:
        parts.append(c.negated == false())
    if "event_id" in c and not f.reports:
        parts.append(c.event_id.is_(None))  # the events table: one row per event
    parts += dataset_clauses(f, table)
    parts += confidence_clauses(f, table)
    return and_(true(), *parts)


def from_rollups(f: EventFilter) -> bool:
    """Whether the rollups can answer ``f``'s confidence threshold (a tier boundary)."""
    return f.confidence_tier is not None


def confidence_clauses(f: EventFilter, table: FromClause) -> list[ColumnElement[bool]]:
    """``min_confidence`` on the events (their confidence) or a rollup (its tier; only a
    tier boundary reaches a rollup: ``from_rollups``)."""
    if f.min_confidence <= 0:
        return []
    if "conf_tier" in table.c:
        tier = f.confidence_tier
        if tier is None:  # pragma: no cover - guarded by from_rollups
            raise AssertionError(f"min_confidence {f.min_confidence} on {table}")
        return [table.c.conf_tier >= tier]
    return [table.c.confidence >= f.min_confidence - CONFIDENCE_SLACK]


def dataset_clauses(f: EventFilter, table: FromClause) -> list[ColumnElement[bool]]:
    """The dataset filter on an events-shaped or rollup table (both have ``dataset``)."""
    if not f.by_dataset:
        return []
    parts: list[ColumnElement[bool]] = []
    if f.datasets:
        parts.append(table.c.dataset.in_(sorted(f.datasets)))
    if f.exclude_datasets:
        parts.append(table.c.dataset.not_in(sorted(f.exclude_datasets)))
    return parts


# -- date ranges as years, months and days -----------------------------------------------


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def split_range(date_from: date | None, date_to: date | None, *, years: bool = True) -> Parts:
    """A date range (either end open) as disjoint parts that together cover it exactly:
    whole years (yyyy) and whole months (yyyymm) for the rollups, and the days of partly
    covered months for the events. ``years=False`` keeps to months (for monthly series)."""
    parts: Parts = []
    start, end = date_from, date_to
    if start is not None and end is not None and start > end:
        return parts
    # Days before the first whole month.
    if start is not None and start.day != 1:
        head_end = _month_end(start) if end is None else min(_month_end(start), end)
        parts.append(("days", start, head_end))
        if head_end == date.max:
            return parts  # no day after the last representable one
        start = head_end + timedelta(days=1)
        if end is not None and start > end:
            return parts
    # Days after the last whole month.
    tail: tuple[str, Any, Any] | None = None
    if end is not None and end != _month_end(end):
        tail_start = end.replace(day=1) if start is None else max(start, end.replace(day=1))
        tail = ("days", tail_start, end)
        if tail_start == date.min:
            return [*parts, tail]  # no day before the first representable one
        end = tail_start - timedelta(days=1)
    if start is None or end is None or start <= end:
        parts += _whole_months(start, end, years=years)
    if tail is not None:
        parts.append(tail)
    return parts


def _whole_months(start: date | None, end: date | None, *, years: bool) -> Parts:
    """Parts for a range from a month's first day to a month's last day (ends may be open)."""

    def month(day: date | None) -> int | None:
        return None if day is None else day.year * 100 + day.month

    if not years:
        return [("month", month(start), month(end))]
    parts: Parts = []
    if start is not None and start.month != 1:  # months up to the first whole year
        lead_end = date(start.year, 12, 31) if end is None else min(date(start.year, 12, 31), end)
        parts.append(("month", month(start), month(lead_end)))
        if end is not None and lead_end >= end:
            return parts
        start = date(start.year + 1, 1, 1)
    trailing: tuple[str, Any, Any] | None = None
    if end is not None and end.month != 12:  # months after the last whole year
        trail_start = date(end.year, 1, 1)
        if start is not None:
            trail_start = max(trail_start, start)
        trailing = ("month", month(trail_start), month(end))
        end = date(end.year - 1, 12, 31)
    if start is None or end is None or start <= end:
        parts.append(("year", start.year if start else None, end.year if end else None))
    if trailing is not None:
        parts.append(trailing)
    return parts


# -- units ---------------------------------------------------------------------------------


def _unit_columns(by_month: bool) -> list[str]:
    return ["source", "target", *(["month"] if by_month else []), *SUMS, "first_date", "last_date"]


def _from_pairs(table: Table, where: list[ColumnElement[bool]], by_month: bool) -> Select:
    return select(*(table.c[name] for name in _unit_columns(by_month))).where(*where)


def _from_codes(where: list[ColumnElement[bool]]) -> Select:
    """code_totals rows in the unit shape (counts spread to their quad and root columns)."""
    c = code_totals.c

    def spread(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return case((condition, c.n), else_=0)

    return select(
        c.source,
        c.target,
        c.n,
        *(spread(c.quad_class == q).label(f"n_q{q}") for q in QUADS),
        *(spread(c.root == r).label(f"n_r{r}") for r in ROOTS),
        c.symmetric_n,
        c.goldstein_sum,
        c.confidence_sum,
        c.first_date,
        c.last_date,
    ).where(*where)


def _between(column: ColumnElement[int], first: int | None, last: int | None) -> list:
    out = [column > 0]  # 0 holds undated events, which a date filter excludes
    if first is not None:
        out.append(column >= first)
    if last is not None:
        out.append(column <= last)
    return out


def unit_rows(
    f: EventFilter, scope: Scope = EVERYTHING, *, by_month: bool = False
) -> Select | CompoundSelect:
    """Rows of per-pair sums (see the module docstring) of the events matching ``f`` in
    ``scope``, before ``min_count``; ``by_month`` keeps months apart (for series). A
    directed dyad's mirrored symmetric events come as rows of the reverse pair."""
    mirror = scope.mirror()
    if mirror is None:
        selects = _unit_selects(f, scope, by_month)
    else:
        mirrored = and_(match(f, events), mirror.clause(events), events.c.symmetric == true())
        selects = [*_unit_selects(f, scope.forward(), by_month),
                   _events_as_units(mirrored, by_month)]  # fmt: skip
    return selects[0] if len(selects) == 1 else union_all(*selects)


def _unit_selects(f: EventFilter, scope: Scope, by_month: bool) -> list[Select]:
    dated = f.date_from is not None or f.date_to is not None
    kinds = bool(f.codes or f.roots or f.quad_classes)
    if not from_rollups(f):
        # A threshold between tiers: the matching events, grouped (by their date, pair or
        # code indexes).
        return [_events_as_units(and_(match(f, events), scope.clause(events)), by_month)]
    if kinds:
        if not dated and not by_month:
            return [_from_codes([match(f, code_totals, dates=False), scope.clause(code_totals)])]
        where = and_(match(f, events), scope.clause(events))
        return [_events_as_units(where, by_month)]
    if not dated:
        table = pair_months if by_month else pair_totals
        where = [match(f, table, dates=False, kinds=False), scope.clause(table)]
        if by_month:
            where.append(table.c.month > 0)
        return [_from_pairs(table, where, by_month)]
    selects: list[Select] = []
    for kind, first, last in split_range(f.date_from, f.date_to, years=not by_month):
        if kind == "days":
            days = replace(f, date_from=first, date_to=last, min_count=1, reports=False)
            selects.append(_events_as_units(and_(match(days, events), scope.clause(events)),
                                            by_month))  # fmt: skip
            continue
        table = pair_years if kind == "year" else pair_months
        where = [match(f, table, dates=False, kinds=False), scope.clause(table)]
        selects.append(_from_pairs(table, where + _between(table.c[kind], first, last), by_month))
    if not selects:  # an empty range: no rows, right columns
        table = pair_months if by_month else pair_totals
        return [_from_pairs(table, [false()], by_month)]
    return selects


def _events_as_units(where: ColumnElement[bool], by_month: bool) -> Select:
    """Matching events grouped per pair (and month) into the unit shape."""
    grouped = grouped_pairs(events, where, "month" if by_month else None, split=False)
    grouped = grouped.subquery("g")
    names = _unit_columns(by_month)
    if not by_month:  # grouped_pairs keeps negation apart; units do not need it
        return select(
            grouped.c.source,
            grouped.c.target,
            *(func.sum(grouped.c[s]).label(s) for s in SUMS),
            func.min(grouped.c.first_date).label("first_date"),
            func.max(grouped.c.last_date).label("last_date"),
        ).group_by(grouped.c.source, grouped.c.target)
    return select(*(grouped.c[name] for name in names)).where(grouped.c.month > 0)


def units(f: EventFilter, scope: Scope = EVERYTHING, *, by_month: bool = False) -> Subquery:
    return unit_rows(f, scope, by_month=by_month).subquery("u")


def _counted(f: EventFilter, scope: Scope, *, by_month: bool = False) -> FromClause:
    """``units`` with ``min_count`` applied: only rows of ordered pairs that have at least
    that many events under the filter (counted over all time units, undated included)."""
    u = units(f, scope, by_month=by_month)
    if f.min_count <= 1:
        return u
    busy_scope = scope
    if scope.mirror() is not None and scope.dyad is not None:
        # A mirrored pair is kept by its own count, not by that of its symmetric events.
        a, b, _ = scope.dyad
        busy_scope = Scope(scope.actor, (a, b, False), scope.pairs)
    busy = busy_dyads(f, busy_scope)
    return select(u).where(tuple_(u.c.source, u.c.target).in_(busy)).subquery("busy_u")


def busy_dyads(f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """(source, target) of the ordered pairs with at least ``f.min_count`` matching events."""
    u = unit_rows(f, scope).subquery("pair_units")
    return (
        select(u.c.source, u.c.target)
        .group_by(u.c.source, u.c.target)
        .having(func.sum(u.c.n) >= f.min_count)
    )


# -- the aggregates ------------------------------------------------------------------------


def _summed(u: FromClause) -> list[ColumnElement[Any]]:
    return [
        *(func.sum(u.c[s]).label(s) for s in SUMS),
        func.min(u.c.first_date).label("first_date"),
        func.max(u.c.last_date).label("last_date"),
    ]


def _plain(f: EventFilter) -> bool:
    """Filters pair_totals answers alone: none on dates or kinds, a threshold (if any) on
    a tier boundary. Its rows are grouped directly, in key order, not through ``units``."""
    dated_or_kinds = f.date_from or f.date_to or f.codes or f.roots or f.quad_classes
    return not dated_or_kinds and from_rollups(f)


def dyad_sums(f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """Per ordered pair with at least ``f.min_count`` events: every sum and the dates."""
    u: FromClause = pair_totals
    where: list[ColumnElement[bool]] = [true()]
    if _plain(f):
        where = [match(f, u, dates=False, kinds=False), scope.clause(u)]
    else:
        u = units(f, scope)
    stmt = select(u.c.source, u.c.target, *_summed(u)).where(*where)
    stmt = stmt.group_by(u.c.source, u.c.target)
    if f.min_count > 1:
        stmt = stmt.having(func.sum(u.c.n) >= f.min_count)
    return stmt


def dyad_counts(f: EventFilter) -> Select:
    """(source, target, n) of every pair ``dyad_sums`` holds: the same rows, one sum
    instead of thirty (a third of the time over a year of pairs)."""
    u: FromClause = pair_totals
    where: list[ColumnElement[bool]] = [true()]
    if _plain(f):
        where = [match(f, u, dates=False, kinds=False)]
    else:
        u = units(f)
    stmt = select(u.c.source, u.c.target, func.sum(u.c.n).label("n")).where(*where)
    stmt = stmt.group_by(u.c.source, u.c.target)
    if f.min_count > 1:
        stmt = stmt.having(func.sum(u.c.n) >= f.min_count)
    return stmt


def scope_sums(f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """Every sum and the dates over the whole scope (one row)."""
    return select(*_summed(_counted(f, scope)))


def actor_counts(f: EventFilter) -> Select:
    """Per actor code: events touching it (a self-loop counts once), as source, as target."""
    pairs = dyad_counts(f).subquery("pairs")
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


def actor_spans(f: EventFilter) -> Select:
    """Per actor code: the first and last dates of its matching events (NULL when none is
    dated), from the pairs' first and last dates."""
    pairs = dyad_sums(f).subquery("pairs")
    p = pairs.c
    ends = union_all(
        select(p.source.label("code"), p.first_date, p.last_date),
        select(p.target.label("code"), p.first_date, p.last_date),
    ).subquery("ends")
    e = ends.c
    return select(
        e.code, func.min(e.first_date).label("first_date"), func.max(e.last_date).label("last_date")
    ).group_by(e.code)


def partner_counts(code: str, f: EventFilter) -> Select:
    """Per partner of ``code``: count, mean Goldstein, cooperation, conflict."""
    u = _counted(f, Scope(actor=code))
    partner = case((u.c.source == code, u.c.target), else_=u.c.source).label("partner")
    m = select(partner, *(u.c[s] for s in ("n", "n_q1", "n_q2", "n_q3", "n_q4", "goldstein_sum")))
    mine = m.subquery("mine").c
    count = func.sum(mine.n)
    return (
        select(
            mine.partner,
            count.label("count"),
            (cast(func.sum(mine.goldstein_sum), Float) / count).label("mean_goldstein"),
            func.sum(mine.n_q1 + mine.n_q2).label("cooperation"),
            func.sum(mine.n_q3 + mine.n_q4).label("conflict"),
        )
        .group_by(mine.partner)
        .order_by(count.desc(), mine.partner)
    )


def partner_months(code: str, f: EventFilter, partners: Sequence[str]) -> Select:
    """Per partner of ``code`` (only ``partners``) and month (yyyymm): its events, dated
    ones only; one statement for all of them (the actor page's sparklines)."""
    pairs = tuple((a, b) for p in partners for a, b in ((code, p), (p, code)))
    u = _counted(f, Scope(actor=code, pairs=pairs), by_month=True)
    partner = case((u.c.source == code, u.c.target), else_=u.c.source).label("partner")
    mine = select(partner, u.c.month, u.c.n).where(u.c.month > 0).subquery("mine").c
    return (
        select(mine.partner, mine.month, func.sum(mine.n).label("n"))
        .group_by(mine.partner, mine.month)
        .order_by(mine.partner, mine.month)
    )


def code_counts(f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """Event counts per CAMEO code in the scope (code_totals, or the events when dated)."""
    dated = f.date_from is not None or f.date_to is not None
    if dated or f.min_count > 1 or not from_rollups(f):
        c = events.c
        where = and_(match(f, events), scope.clause(events))
        if f.min_count > 1:
            where = and_(where, tuple_(c.source, c.target).in_(busy_dyads(f)))
        return select(c.code, func.count().label("n")).where(where).group_by(c.code)
    t = code_totals
    mirror = scope.mirror()
    if mirror is None:
        where = and_(match(f, t, dates=False), scope.clause(t))
        return select(t.c.code, func.sum(t.c.n).label("n")).where(where).group_by(t.c.code)
    # The reverse pair's rows count only their symmetric events.
    forward = scope.clause(t)
    n = func.sum(case((forward, t.c.n), else_=t.c.symmetric_n))
    where = and_(match(f, t, dates=False), or_(forward, mirror.clause(t)))
    return select(t.c.code, n.label("n")).where(where).group_by(t.c.code)


def monthly(f: EventFilter, scope: Scope = EVERYTHING) -> Select:
    """Per month (yyyymm): events per quad class and the Goldstein sum, months ascending."""
    u = _counted(f, scope, by_month=True)
    columns = ("n_q1", "n_q2", "n_q3", "n_q4", "goldstein_sum")
    return (
        select(u.c.month, *(func.sum(u.c[s]).label(s) for s in columns))
        .where(u.c.month > 0)
        .group_by(u.c.month)
        .order_by(u.c.month)
    )


def daily(where: ColumnElement[bool]) -> Select:
    """Per day over raw events (short spans): events per quad class and Goldstein sum."""
    c = events.c
    return (
        select(
            c.date,
            *(func.sum(case((c.quad_class == q, 1), else_=0)).label(f"n_q{q}") for q in QUADS),
            func.sum(c.goldstein).label("goldstein_sum"),
        )
        .where(where, c.date.is_not(None))
        .group_by(c.date)
        .order_by(c.date)
    )
