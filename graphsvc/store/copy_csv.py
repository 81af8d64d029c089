"""Events CSV rendered by PostgreSQL itself: ``COPY (SELECT …) TO STDOUT (FORMAT csv)``.

The server quotes and joins the cells in C, in its own process, so Python only passes bytes
on: several times the throughput of fetching rows and writing them with ``csv``. The SELECT
turns every value into the text ``render.csv`` would write (the same columns and formula
guard, Python's spelling of floats and booleans), and libpq hands over one row per read
(``PQgetCopyData``), so each row's line end is made CRLF exactly — the bytes equal the
``csv`` module's.

Like ``EventStream``, the COPY starts when the stream is made (a bad query fails before any
byte is sent) and ``close()`` ends it and returns the connection to the pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, String, case, cast, func, literal, select

from graphsvc.models import EventFilter
from graphsvc.rows import CSV_COLUMNS, FORMULA_START, TEXT_COLUMNS
from graphsvc.store.outage import raw_outage
from graphsvc.store.queries import filter_clause
from graphsvc.store.schema import articles, events
from graphsvc.store.stream import CONTEXT_VALUES, WITH_CONTEXT

# Values never equal to this are never quoted for looking like NULL (no cell is NULL).
_COPY = "COPY ({select}) TO STDOUT WITH (FORMAT csv, NULL '\\N')"
_NULLABLE = frozenset({"source_sector", "target_sector", "group_id"})
# PostgreSQL text cannot hold NUL: no cell starts with one, and a NUL parameter is refused.
_STARTS = tuple(c for c in FORMULA_START if c != "\x00")


def _cell(name: str) -> Any:
    if name == "event_id":
        return events.c.id
    if name == "article_published":
        return func.coalesce(func.to_char(articles.c.published, "YYYY-MM-DD"), "")
    column = CONTEXT_VALUES[name] if name in CONTEXT_VALUES else events.c[name]
    if name == "date":
        return func.coalesce(func.to_char(column, "YYYY-MM-DD"), "")
    if name in ("symmetric", "negated"):
        return case((column, "True"), else_="False")
    if name in ("goldstein", "confidence"):
        # float8 text is the shortest exact form, as Python's repr, but 2.0 reads "2" (and
        # -0.0 "-0"): ".0" after any text without a point or an exponent.
        text = cast(column, String)
        return case((text.op("~", is_comparison=True)("[.en]"), text), else_=text + ".0")
    text = func.coalesce(column, "") if name in _NULLABLE else column
    if name in TEXT_COLUMNS:  # the group id is both
        return case((func.left(text, 1).in_(_STARTS), literal("'") + text), else_=text)
    return text


_CELLS = tuple(_cell(name).label(name) for name in CSV_COLUMNS)


class CopyCsvStream:
    """Iterate to get the CSV bytes of the matching events (no header), a row at a time."""

    def __init__(self, engine: Engine, f: EventFilter) -> None:
        stmt = select(*_CELLS).select_from(WITH_CONTEXT)
        stmt = stmt.where(filter_clause(f)).order_by(events.c.id)
        compiled = stmt.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
        try:
            self._raw = engine.raw_connection()
        except engine.dialect.loaded_dbapi.Error as exc:
            raise (raw_outage(engine, exc) or exc) from exc
        try:
            self._cursor = self._raw.driver_connection.cursor()
            # Shortest exact float8 text (as Python's repr) whatever the server's setting.
            self._cursor.execute("SET LOCAL extra_float_digits = 1")
            if f == EventFilter():
                # Everything in id order: the primary key's order, not a sort of every row
                # before the first is sent (COPY plans for the last row, a cursor the first).
                self._cursor.execute("SET LOCAL enable_sort = off")
            self._copy_cm = self._cursor.copy(_COPY.format(select=compiled), compiled.params)
            self._copy = self._copy_cm.__enter__()
        except BaseException as exc:
            self._raw.close()
            if isinstance(exc, engine.dialect.loaded_dbapi.Error):
                raise (raw_outage(engine, exc) or exc) from exc
            raise
        self._open = True
        self._drained = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            for row in self._copy:
                yield bytes(row[:-1]) + b"\r\n"
            self._drained = True
        finally:
            self.close()

    def close(self) -> None:
        """End the COPY (cancelled on the server if rows are left) and release the
        connection; safe to call more than once."""
        if not self._open:
            return
        self._open = False
        try:
            if self._drained:
                self._copy_cm.__exit__(None, None, None)
            else:  # psycopg cancels an unfinished COPY TO when its block ends in an error
                stop = GeneratorExit()
                self._copy_cm.__exit__(type(stop), stop, None)
            self._cursor.close()
            self._raw.rollback()
        finally:
            self._raw.close()
