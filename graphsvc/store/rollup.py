"""Keeping the rollup tables equal to GROUP BYs of the events table.

The pair rollups (``pair_totals``, ``pair_years``, ``pair_months``) hold per ordered pair,
negation, period, dataset and confidence tier the event count, counts per quad class and
per CAMEO root, the Goldstein and confidence sums, the symmetric count and the first/last
date; ``code_totals`` holds per pair and code the same over all time. Additions are
upserted in the transaction that inserts the events; deletions recompute the pairs they
touched from the events that remain, so the rollups never drift from the events.
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
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import Alias, FunctionElement
from sqlalchemy.sql.expression import column as sql_column
from sqlalchemy.sql.expression import table as sql_table

from graphsvc.models import CONFIDENCE_TIERS, TIER_SLACK, confidence_tier
from graphsvc.store import bulk
from graphsvc.store.schema import (
    PAIR_ROLLUPS,
    PAIR_SUMS,
    QUADS,
    ROLLUPS,
    ROOTS,
    code_totals,
    events,
    pair_months,
    pair_years,
)

# Bump when the rollup tables change meaning: stores built with another format are rebuilt.
# 3: keyed by dataset and confidence tier, with confidence_sum (schema 7).
ROLLUP_FORMAT = 3
_CHUNK = 400  # pairs per statement (bound parameters stay far below every driver's limit)
EventsLike = Table | Alias


def period_of(table: Table) -> str | None:
    """The period key column of a pair rollup: "year", "month" or None."""
    if table is pair_years:
        return "year"
    return "month" if table is pair_months else None


def period_value(day: date | None, period: str) -> int:
    """yyyy or yyyymm of a date; 0 for an undated event."""
    if day is None:
        return 0
    return day.year if period == "year" else day.year * 100 + day.month


def period_column(table: EventsLike, period: str) -> ColumnElement[int]:
    """yyyy or yyyymm of ``table.date`` in SQL (0 when undated); SQLite and PostgreSQL."""
    day = table.c.date
    year = cast(extract("year", day), Integer)
    value = year if period == "year" else year * 100 + cast(extract("month", day), Integer)
    return func.coalesce(value, 0)


class tier_column(FunctionElement[int]):
    """The confidence tier of a confidence column in SQL, as ``models.confidence_tier``:
    the floor of confidence × tiers (plus the same slack), capped at the top tier."""

    inherit_cache = True
    type = Integer()
    name = "conf_tier"


@compiles(tier_column)
def _tier_sql(element: tier_column, compiler: SQLCompiler, **kw: Any) -> str:
    pg = compiler.dialect.name == "postgresql"
    scaled = f"{compiler.process(element.clauses, **kw)} * {CONFIDENCE_TIERS} + {TIER_SLACK!r}"
    # CAST(real AS INTEGER) truncates on SQLite but rounds on PostgreSQL: FLOOR there.
    whole = f"CAST(FLOOR({scaled}) AS INTEGER)" if pg else f"CAST({scaled} AS INTEGER)"
    return f"{'LEAST' if pg else 'MIN'}({whole}, {CONFIDENCE_TIERS})"


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def pair_sums(table: EventsLike) -> list[ColumnElement[Any]]:
    """The pair-rollup sums over grouped event rows, labelled as the rollup columns."""
    c = table.c
    return [
        func.count().label("n"),
        *(_count_if(c.quad_class == q).label(f"n_q{q}") for q in QUADS),
        *(_count_if(c.root == r).label(f"n_r{r}") for r in ROOTS),
        _count_if(c.symmetric).label("symmetric_n"),
        func.sum(c.goldstein).label("goldstein_sum"),
        func.sum(c.confidence).label("confidence_sum"),
        func.min(c.date).label("first_date"),
        func.max(c.date).label("last_date"),
    ]


def _split_keys(table: EventsLike) -> list[ColumnElement[Any]]:
    """The dataset and confidence tier keys of a rollup row, from event rows."""
    return [table.c.dataset, tier_column(table.c.confidence).label("conf_tier")]


def grouped_pairs(
    table: EventsLike, where: ColumnElement[bool], period: str | None, *, split: bool = True
) -> Select:
    """Events under ``where`` grouped like a pair-rollup row (columns in table order);
    ``split=False`` leaves datasets and tiers together (only the sums are read then)."""
    c = table.c
    keys: list[ColumnElement[Any]] = [c.source, c.target]
    if period:
        keys.append(period_column(table, period).label(period))
    keys.append(c.negated)
    if split:
        keys += _split_keys(table)
    return select(*keys, *pair_sums(table)).where(where).group_by(*keys)


def grouped_codes(table: EventsLike, where: ColumnElement[bool]) -> Select:
    """Events under ``where`` grouped like a ``code_totals`` row (columns in table order)."""
    c = table.c
    keys = [c.source, c.target, c.code, c.root, c.quad_class, c.negated, *_split_keys(table)]
    return (
        select(
            *keys,
            func.count().label("n"),
            func.sum(c.goldstein).label("goldstein_sum"),
            func.sum(c.confidence).label("confidence_sum"),
            _count_if(c.symmetric).label("symmetric_n"),
            func.min(c.date).label("first_date"),
            func.max(c.date).label("last_date"),
            func.max(c.label).label("label"),
        )
        .where(where)
        .group_by(*keys)
    )


def _grouped(table: Table, where: ColumnElement[bool]) -> Select:
    if table is code_totals:
        return grouped_codes(events, where)
    return grouped_pairs(events, where, period_of(table))


def _key_names(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _upsert(conn: Connection, table: Table, rows_from: Select | None = None) -> Any:
    """INSERT … ON CONFLICT DO UPDATE adding to the existing sums (of bound rows, or of
    the rows ``rows_from`` selects)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = dialect_insert(table)
    if rows_from is not None:
        stmt = stmt.from_select([c.name for c in table.columns], rows_from)
    new, old = stmt.excluded, table.c
    sums = PAIR_SUMS if table in PAIR_ROLLUPS else ("n", "symmetric_n")
    added = (*sums, "goldstein_sum", "confidence_sum")
    set_: dict[str, Any] = {name: old[name] + new[name] for name in added}
    # Undated events leave NULL dates; a NULL never wins over a date.
    set_["first_date"] = case(
        (or_(old.first_date.is_(None), new.first_date < old.first_date), new.first_date),
        else_=old.first_date,
    )
    set_["last_date"] = case(
        (or_(old.last_date.is_(None), new.last_date > old.last_date), new.last_date),
        else_=old.last_date,
    )
    return stmt.on_conflict_do_update(index_elements=_key_names(table), set_=set_)


def _key(table: Table, r: Mapping[str, Any]) -> tuple[Any, ...]:
    split = (r["dataset"], confidence_tier(float(r["confidence"])))
    if table is code_totals:
        return (
            r["source"], r["target"], r["code"], r["root"], int(r["quad_class"]),
            bool(r["negated"]), *split,
        )  # fmt: skip
    period = period_of(table)
    middle = (period_value(r["date"], period),) if period else ()
    return (r["source"], r["target"], *middle, bool(r["negated"]), *split)


def _fold(table: Table, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One rollup row per key of ``table`` from inserted event rows, sorted by key."""
    pairs = table in PAIR_ROLLUPS
    acc: dict[tuple[Any, ...], dict[str, Any]] = {}
    names = _key_names(table)
    for r in rows:
        key = _key(table, r)
        unit = acc.get(key)
        if unit is None:
            unit = dict(zip(names, key, strict=True))
            unit.update(n=0, symmetric_n=0, goldstein_sum=0.0, confidence_sum=0.0,
                        first_date=None, last_date=None)  # fmt: skip
            if pairs:
                unit.update(dict.fromkeys(PAIR_SUMS[1:-1], 0))
            else:
                unit["label"] = r["label"]
            acc[key] = unit
        unit["n"] += 1
        unit["goldstein_sum"] += float(r["goldstein"])
        unit["confidence_sum"] += float(r["confidence"])
        if r["symmetric"]:
            unit["symmetric_n"] += 1
        if pairs:
            unit[f"n_q{int(r['quad_class'])}"] += 1
            root_column = f"n_r{r['root']}"
            if root_column in unit:
                unit[root_column] += 1
        day = r["date"]
        if day is not None:
            if unit["first_date"] is None or day < unit["first_date"]:
                unit["first_date"] = day
            if unit["last_date"] is None or day > unit["last_date"]:
                unit["last_date"] = day
    # A fixed order: concurrent PostgreSQL writers lock shared rows in the same order and
    # so cannot deadlock each other.
    return [acc[k] for k in sorted(acc)]


def add_events(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Count inserted event rows (``event_row`` dicts) into every rollup."""
    if not rows:
        return
    for table in ROLLUPS:
        columns = [c.name for c in table.columns]
        if conn.dialect.name == "postgresql":
            _upsert_staged(conn, table, columns, _fold(table, rows))
        else:
            bulk.executemany(conn, _upsert(conn, table), columns, _fold(table, rows))


def _upsert_staged(
    conn: Connection, table: Table, columns: list[str], rows: list[dict[str, Any]]
) -> None:
    """PostgreSQL: COPY the rows into a temporary table, then one set-based upsert (far
    faster than an upsert per row). Rows go in key order: concurrent writers lock shared
    rollup rows in the same order and cannot deadlock."""
    name = f"staged_{table.name}"
    conn.exec_driver_sql(
        f'CREATE TEMP TABLE IF NOT EXISTS "{name}" (LIKE "{table.name}") ON COMMIT DELETE ROWS'
    )
    bulk.copy_rows(conn, name, columns, rows)
    staged = sql_table(name, *(sql_column(c) for c in columns))
    keys = [staged.c[k] for k in _key_names(table)]
    conn.execute(_upsert(conn, table, select(staged).order_by(*keys)))
    conn.exec_driver_sql(f'TRUNCATE "{name}"')


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
    """Rebuild every rollup from the events (a store made before the rollups existed)."""
    for table in ROLLUPS:
        conn.execute(delete(table))
        _insert_grouped(conn, table, true())


def _insert_grouped(conn: Connection, table: Table, where: ColumnElement[bool]) -> None:
    names = [c.name for c in table.columns]
    # Canonical rows only: an event reported by several articles counts once.
    where = and_(events.c.event_id.is_(None), where)
    conn.execute(insert(table).from_select(names, _grouped(table, where)))
