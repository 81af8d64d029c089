"""Many rows in one statement, without SQLAlchemy's per-row parameter processing.

``conn.execute(insert(t), rows)`` spends ~20 µs per row building parameters in Python; the
bulk paths (ingest batches, imports, rollup upserts) send plain tuples to the driver's
executemany instead (psycopg pipelines it; sqlite3 loops in C). Values must already be
what the driver takes: dates (``DATE_COLUMNS``) become ISO text for SQLite, which has no
date type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Insert

# Columns of date type in the tables written in bulk (events, articles, rollups).
DATE_COLUMNS = frozenset(
    {"date", "published", "first_date", "last_date", "created_at", "fetched_at"}
)


def _iso(value: Any) -> Any:
    """A date or datetime as SQLAlchemy stores it in SQLite (so comparisons and ordering
    agree with rows written through SQLAlchemy)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat() if isinstance(value, date) else value


def copy_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]
) -> None:
    """PostgreSQL: rows into ``table`` through COPY (several times faster than INSERTs), in
    the connection's current transaction."""
    import psycopg

    driver = conn.connection.driver_connection
    names = ", ".join(f'"{c}"' for c in columns)
    statement = f'COPY "{table}" ({names}) FROM STDIN'
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(tuple(row[c] for c in columns))
    except psycopg.Error as exc:
        # The driver's own error, as SQLAlchemy would have raised it (IntegrityError for a
        # violated constraint), so callers handle COPY and INSERT failures alike.
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


def insert_rows(
    conn: Connection, stmt: Insert, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> None:
    """Plain inserts of many rows: COPY on PostgreSQL, executemany elsewhere."""
    if conn.dialect.name == "postgresql":
        copy_rows(conn, stmt.table.name, columns, rows)
    else:
        executemany(conn, stmt, columns, rows)


def executemany(
    conn: Connection, stmt: Insert, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]
) -> None:
    """Run ``stmt`` (an INSERT, possibly with ON CONFLICT) once per row of ``rows``."""
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(columns))
    sql = str(compiled)
    if compiled.positiontup is not None:  # qmark (sqlite3): values in placeholder order
        order = list(compiled.positiontup)
        dated = [i for i, k in enumerate(order) if k in DATE_COLUMNS]
        # itemgetter picks the values in C; only the few date columns are converted here.
        pick = itemgetter(*order) if len(order) > 1 else (lambda row: (row[order[0]],))
        params: list[Any] = [pick(row) for row in rows]
        if dated:
            for n, values in enumerate(params):
                values = list(values)
                for i in dated:
                    values[i] = _iso(values[i])
                params[n] = tuple(values)
    else:  # named / pyformat (psycopg takes dates as they are): one dict per row
        params = [{k: row[k] for k in columns} for row in rows]
    if params:
        conn.exec_driver_sql(sql, params)
