"""Aggregate SELECTs over events (counts per actor, partner, root, dyad) — built, not run.

Grouping keys computed with bound parameters are wrapped in a subquery first: PostgreSQL
binds server-side and would not see ``CASE WHEN source = $1`` in SELECT and ``$4`` in
GROUP BY as the same expression.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)

from graphsvc.store.schema import events

COOPERATION = (1, 2)
CONFLICT = (3, 4)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def tone_columns() -> list[ColumnElement]:
    """count, mean Goldstein, cooperation and conflict counts over the selected events."""
    c = events.c
    return [
        func.count().label("count"),
        cast(func.avg(c.goldstein), Float).label("mean_goldstein"),
        _flag(c.quad_class.in_(COOPERATION)).label("cooperation"),
        _flag(c.quad_class.in_(CONFLICT)).label("conflict"),
    ]


def actor_counts(where: ColumnElement[bool]) -> Select:
    """Per actor code: events touching it (a self-loop counts once), as source, as target."""
    c = events.c
    ends = union_all(
        select(
            c.source.label("code"),
            c.id.label("event_id"),
            literal(1, Integer).label("is_source"),
            literal(0, Integer).label("is_target"),
        ).where(where),
        select(
            c.target.label("code"),
            c.id.label("event_id"),
            literal(0, Integer).label("is_source"),
            literal(1, Integer).label("is_target"),
        ).where(where),
    ).subquery("ends")
    return (
        select(
            ends.c.code,
            func.count(ends.c.event_id.distinct()).label("event_count"),
            func.sum(ends.c.is_source).label("as_source"),
            func.sum(ends.c.is_target).label("as_target"),
        )
        .group_by(ends.c.code)
        .order_by(func.count(ends.c.event_id.distinct()).desc(), ends.c.code)
    )


def partner_counts(code: str, where: ColumnElement[bool]) -> Select:
    """Per partner of ``code``: count, mean Goldstein, cooperation, conflict."""
    c = events.c
    partner = case((c.source == code, c.target), else_=c.source)
    inner = (
        select(partner.label("partner"), c.goldstein, c.quad_class)
        .where(and_(where, (c.source == code) | (c.target == code)))
        .subquery("mine")
    )
    m = inner.c
    return (
        select(
            m.partner,
            func.count().label("count"),
            cast(func.avg(m.goldstein), Float).label("mean_goldstein"),
            _flag(m.quad_class.in_(COOPERATION)).label("cooperation"),
            _flag(m.quad_class.in_(CONFLICT)).label("conflict"),
        )
        .group_by(m.partner)
        .order_by(func.count().desc(), m.partner)
    )


def counts_by(column: ColumnElement, where: ColumnElement[bool]) -> Select:
    return select(column, func.count().label("count")).where(where).group_by(column)


def dyad_totals(where: ColumnElement[bool]) -> Select:
    c = events.c
    return select(
        *tone_columns(),
        func.min(c.date).label("first_date"),
        func.max(c.date).label("last_date"),
    ).where(where)
