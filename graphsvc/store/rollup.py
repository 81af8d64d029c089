"""Keeping the rollup tables equal to GROUP BYs of the events table.

``dyad_totals`` and ``dyad_months`` (schema.py) hold, per dyad, code, quad class and
negation (and month), the count, Goldstein sum, symmetric count and first/last date of
the events. Additions are upserted in the transaction that inserts the events; deletions
recompute the dyads they touched from the events that remain, so the rollups never drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    Table,
    and_,
    case,
    cast,
    delete,
    extract,
    func,
    insert,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.sql.expression import Alias

from graphsvc.store import bulk
from graphsvc.store.schema import ROLLUPS, dyad_months, events

# Bump when the rollup tables change meaning: stores built with another format are rebuilt.
ROLLUP_FORMAT = 1
_CHUNK = 400  # dyads per statement (bound parameters stay far below every driver's limit)


def month_of(day: date | None) -> int:
    """yyyymm of a date; 0 for an undated event."""
    return day.year * 100 + day.month if day else 0


def month_column(table: Table | Alias) -> ColumnElement[int]:
    """yyyymm of ``table.date`` in SQL (0 when undated); SQLite and PostgreSQL alike."""
    day = table.c.date
    return func.coalesce(
        cast(extract("year", day), Integer) * 100 + cast(extract("month", day), Integer), 0
    )


def _key_names(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def grouped_events(table: Table | Alias, where: ColumnElement[bool], *, by_month: bool) -> Select:
    """Events under ``where`` grouped like a rollup row (columns in rollup-table order)."""
    c = table.c
    keys: list[ColumnElement[Any]] = [c.source, c.target]
    if by_month:
        keys.append(month_column(table).label("month"))
    keys += [c.code, c.root, c.quad_class, c.negated]
    return (
        select(
            *keys,
            func.count().label("n"),
            func.sum(c.goldstein).label("goldstein_sum"),
            func.sum(case((c.symmetric, 1), else_=0)).label("symmetric_n"),
            func.min(c.date).label("first_date"),
            func.max(c.date).label("last_date"),
            func.max(c.label).label("label"),
        )
        .where(where)
        .group_by(*keys)
    )


def _upsert(conn: Connection, table: Table) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = dialect_insert(table)
    new, old = stmt.excluded, table.c
    return stmt.on_conflict_do_update(
        index_elements=_key_names(table),
        set_={
            "n": old.n + new.n,
            "goldstein_sum": old.goldstein_sum + new.goldstein_sum,
            "symmetric_n": old.symmetric_n + new.symmetric_n,
            # Undated events leave NULL dates; a NULL never wins over a date.
            "first_date": case(
                (or_(old.first_date.is_(None), new.first_date < old.first_date), new.first_date),
                else_=old.first_date,
            ),
            "last_date": case(
                (or_(old.last_date.is_(None), new.last_date > old.last_date), new.last_date),
                else_=old.last_date,
            ),
        },
    )


def _fold(table: Table, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One rollup row per key of ``table`` from inserted event rows, sorted by key."""
    monthly = table is dyad_months
    acc: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        day = r["date"]
        key = (
            r["source"],
            r["target"],
            *((month_of(day),) if monthly else ()),
            r["code"],
            r["root"],
            int(r["quad_class"]),
            bool(r["negated"]),
        )
        unit = acc.get(key)
        if unit is None:
            acc[key] = dict(
                zip(_key_names(table), key, strict=True),
                n=1,
                goldstein_sum=float(r["goldstein"]),
                symmetric_n=1 if r["symmetric"] else 0,
                first_date=day,
                last_date=day,
                label=r["label"],
            )
            continue
        unit["n"] += 1
        unit["goldstein_sum"] += float(r["goldstein"])
        unit["symmetric_n"] += 1 if r["symmetric"] else 0
        if day is not None:
            if unit["first_date"] is None or day < unit["first_date"]:
                unit["first_date"] = day
            if unit["last_date"] is None or day > unit["last_date"]:
                unit["last_date"] = day
    # A fixed order: concurrent PostgreSQL writers lock shared rows in the same order and
    # so cannot deadlock each other.
    return [acc[k] for k in sorted(acc)]


def add_events(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Count inserted event rows (``event_row`` dicts) into both rollups."""
    if not rows:
        return
    for table in ROLLUPS:
        bulk.executemany(
            conn, _upsert(conn, table), [c.name for c in table.columns], _fold(table, rows)
        )


def recompute_dyads(conn: Connection, dyads: Iterable[tuple[str, str]]) -> None:
    """Rebuild the rollup rows of these ordered pairs from the events that remain."""
    pairs = sorted(set(dyads))
    for start in range(0, len(pairs), _CHUNK):
        chunk = pairs[start : start + _CHUNK]
        for table in ROLLUPS:
            conn.execute(delete(table).where(tuple_(table.c.source, table.c.target).in_(chunk)))
            where = tuple_(events.c.source, events.c.target).in_(chunk)
            _insert_grouped(conn, table, where)


def rebuild(conn: Connection) -> None:
    """Rebuild both rollups from every event (a store made before the rollups existed)."""
    for table in ROLLUPS:
        conn.execute(delete(table))
        _insert_grouped(conn, table, true())


def _insert_grouped(conn: Connection, table: Table, where: ColumnElement[bool]) -> None:
    grouped = grouped_events(events, and_(true(), where), by_month=table is dyad_months)
    names = [c.name for c in table.columns]
    conn.execute(insert(table).from_select(names, grouped))
