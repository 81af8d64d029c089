"""Streamed event rows: everything matching an EventFilter, ordered by id, in fixed-size
chunks of plain tuples (``graphsvc.rows.ROW_FIELDS``, or ``CSV_ROW_FIELDS`` with
``context=True``), read from a server-side cursor.

The cursor is opened when the stream is created, so a bad query or an unreachable database
fails before any byte is sent; ``close()`` (or closing a generator that iterates it, as a
web server does when the client goes away) returns the connection to the pool.

Two ways to read:

- **cursor** (SQLite files, PostgreSQL): one SELECT with ``stream_results``/``yield_per``;
  psycopg then reads through a named (server-side) cursor, SQLite steps its cursor lazily
  anyway. The connection is held for the life of the stream.
- **keyset** (in-memory SQLite): every user shares one connection behind ``Store._lock``,
  an RLock that must be released by the thread that took it. A web server resumes the
  stream on whatever worker thread is free, so the lock is taken per chunk
  (``id > last ORDER BY id LIMIT n``), never across a ``yield``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Engine, Integer, Select, String, and_, cast, func, select
from sqlalchemy import type_coerce as coerce

from graphsvc.models import EventFilter
from graphsvc.rows import CONTEXT_FIELDS, ROW_FIELDS, EventRow
from graphsvc.store.queries import filter_clause
from graphsvc.store.schema import actors, articles, events

CHUNK_ROWS = 5000
_BOOLEANS = frozenset({"symmetric", "negated"})


_NULLABLE_TEXT = frozenset({"source_sector", "target_sector", "group_id"})


def _column(name: str) -> Any:
    """Columns as the writers use them, converted by the database rather than per row in
    Python: ISO date text, "" for missing text, booleans as stored (0/1 on SQLite)."""
    column = events.c[name]
    if name == "date":
        return func.coalesce(cast(column, String), "").label(name)
    if name in _NULLABLE_TEXT:
        return func.coalesce(column, "").label(name)
    if name in _BOOLEANS:
        return coerce(column, Integer)  # skips SQLAlchemy's bool processor
    return column


ROW_COLUMNS = tuple(_column(name) for name in ROW_FIELDS)

# The CONTEXT_FIELDS: outer joins on primary keys, so each event row costs three index
# lookups in the same query (never a query per row). store.copy_csv reads them too.
SOURCE_ACTOR, TARGET_ACTOR = actors.alias("source_actor"), actors.alias("target_actor")
CONTEXT_VALUES: dict[str, Any] = {
    "source_label": func.coalesce(SOURCE_ACTOR.c.label, events.c.source),
    "target_label": func.coalesce(TARGET_ACTOR.c.label, events.c.target),
    "article_title": func.coalesce(articles.c.title, ""),
    "article_url": func.coalesce(articles.c.url, ""),
    "article_published": func.coalesce(cast(articles.c.published, String), ""),
}
CONTEXT_COLUMNS = tuple(CONTEXT_VALUES[name].label(name) for name in CONTEXT_FIELDS)
WITH_CONTEXT = (
    events.outerjoin(SOURCE_ACTOR, SOURCE_ACTOR.c.code == events.c.source)
    .outerjoin(TARGET_ACTOR, TARGET_ACTOR.c.code == events.c.target)
    .outerjoin(articles, articles.c.id == events.c.article_id)
)


def rows_select(where: Any, context: bool = False) -> Select:
    """The plain rows (ROW_FIELDS, then CONTEXT_FIELDS with ``context``) matching ``where``,
    in id order."""
    if not context:
        return select(*ROW_COLUMNS).where(where).order_by(events.c.id)
    stmt = select(*ROW_COLUMNS, *CONTEXT_COLUMNS).select_from(WITH_CONTEXT)
    return stmt.where(where).order_by(events.c.id)


class EventStream:
    """Iterate to get lists of rows (``chunk_rows`` each, the last may be shorter)."""

    def __init__(
        self,
        engine: Engine,
        f: EventFilter,
        *,
        lock: AbstractContextManager[object] | None = None,
        chunk_rows: int = CHUNK_ROWS,
        context: bool = False,
    ) -> None:
        self._chunk = chunk_rows
        self._context = context
        self._lock = lock
        self._conn: Connection | None = None
        self._result: Any = None
        self._pending: list[EventRow] | None = None
        self._busy: set[tuple[str, str]] | None = None
        self._last_id = 0
        self._done = False
        if lock is None:
            self._open_cursor(engine, f)
        else:
            self._engine = engine
            self._open_keyset(f)

    # -- server-side cursor ------------------------------------------------------------

    def _open_cursor(self, engine: Engine, f: EventFilter) -> None:
        conn = engine.connect()
        try:
            streaming = conn.execution_options(stream_results=True, yield_per=self._chunk)
            self._result = streaming.execute(rows_select(filter_clause(f), self._context))
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    # -- keyset chunks (one shared connection) -------------------------------------------

    def _open_keyset(self, f: EventFilter) -> None:
        self._where = filter_clause(replace(f, min_count=1))
        if f.min_count > 1:
            # The busy dyads once, not per chunk; events of other dyads are dropped here.
            c = events.c
            busy = (
                select(c.source, c.target)
                .where(self._where)
                .group_by(c.source, c.target)
                .having(func.count() >= f.min_count)
            )
            with self._locked() as conn:
                self._busy = {(r[0], r[1]) for r in conn.execute(busy)}
        self._pending = self._next_keyset_chunk()

    @contextmanager
    def _locked(self) -> Iterator[Connection]:
        """The shared connection for one chunk, taken and released on the calling thread."""
        assert self._lock is not None
        with self._lock, self._engine.connect() as conn:
            yield conn

    def _next_keyset_chunk(self) -> list[EventRow]:
        where = and_(self._where, events.c.id > self._last_id)
        stmt = rows_select(where, self._context).limit(self._chunk)
        with self._locked() as conn:
            rows = [tuple(r) for r in conn.execute(stmt)]
        if len(rows) < self._chunk:
            self._done = True
        if rows:
            self._last_id = rows[-1][0]
        if self._busy is not None:
            busy = self._busy
            rows = [r for r in rows if (r[1], r[2]) in busy]
        return rows

    # -- iteration -----------------------------------------------------------------------

    def __iter__(self) -> Iterator[list[EventRow]]:
        if self._lock is not None:
            yield from self._keyset_chunks()
            return
        if self._result is None:
            return
        try:
            yield from self._result.partitions()
        finally:
            self.close()

    def _keyset_chunks(self) -> Iterator[list[EventRow]]:
        while self._pending is not None:
            chunk, self._pending = self._pending, None
            if chunk:
                yield chunk
            if not self._done:
                self._pending = self._next_keyset_chunk()

    def close(self) -> None:
        """Release the cursor and the connection (safe to call more than once)."""
        self._pending = None
        self._done = True
        result, conn = self._result, self._conn
        self._result = self._conn = None
        try:
            if result is not None:
                result.close()
        finally:
            if conn is not None:
                conn.close()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
