"""Database outages: which driver errors mean "the store is unreachable right now".

One ``handle_error`` listener per engine turns those errors into ``DatabaseUnavailable``
(the API answers 503 with Retry-After, the CLI one line) wherever a statement runs, and
tells the pool to drop connections that cannot recover (a SQLite file that was removed or
cannot be opened any more; PostgreSQL disconnects SQLAlchemy already detects itself), so
the next request reconnects. Anything else — a bad statement, a constraint — passes as is.
"""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.pool import StaticPool

from graphsvc.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds: a restarting server or a released lock is usually back by then

# SQLite primary result codes (sqlite3.h) that say the file or its lock is out of reach.
_SQLITE_BUSY = {5: "the database is locked by another writer", 6: "a table is locked"}
_SQLITE_GONE = {
    8: "the database file is read-only or was moved",
    10: "disk I/O error",
    13: "the disk is full",
    14: "the database file cannot be opened",
    15: "the database lock protocol failed",
    26: "the file is not a database",
}
# PostgreSQL SQLSTATE classes and codes of a server that is down, overloaded or shedding
# work: connection exceptions, insufficient resources, operator intervention (shutdown,
# statement timeout), and the transient conflicts a retry resolves.
_PG_CLASSES = {"08": "connection error", "53": "out of resources", "57": "server shutting down"}
_PG_CODES = {
    "40001": "a serialisation conflict",
    "40P01": "a deadlock",
    "55P03": "a lock wait timed out",
    "57014": "the statement timed out",
}


def _sqlite_reason(exc: BaseException) -> tuple[str | None, bool]:
    """(reason, drop the connection) for a sqlite3 error; reason None when no outage."""
    if not isinstance(exc, sqlite3.Error):
        return None, False
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in _SQLITE_BUSY:
        return _SQLITE_BUSY[code], False
    if code in _SQLITE_GONE:
        return _SQLITE_GONE[code], True
    return None, False


def _pg_reason(exc: BaseException) -> str | None:
    sqlstate = getattr(exc, "sqlstate", None) or ""
    return _PG_CODES.get(sqlstate) or _PG_CLASSES.get(sqlstate[:2])


def classify(ctx: ExceptionContext) -> tuple[str | None, bool]:
    """(reason, drop the connection) for a failed statement or connect; reason None when
    the error is not an outage."""
    exc = ctx.original_exception
    if ctx.is_disconnect:
        return "the connection was lost", False  # SQLAlchemy invalidates it already
    if ctx.engine is not None and ctx.engine.dialect.name == "sqlite":
        return _sqlite_reason(exc)
    if ctx.connection is None and ctx.sqlalchemy_exception is not None:
        return "cannot connect", False  # the pool could not open a connection
    return _pg_reason(exc), False


def unavailable(reason: str) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"The database is unavailable ({reason}); retry in {RETRY_AFTER} s.",
        reason=reason,
        retry_after=RETRY_AFTER,
    )


def _on_error(ctx: ExceptionContext) -> DatabaseUnavailable | None:
    if ctx.is_pre_ping:
        return None  # the pool's own liveness check: it reconnects by itself
    reason, drop = classify(ctx)
    if reason is None:
        return None
    # Never for in-memory SQLite: its one shared connection *is* the database.
    if drop and ctx.engine is not None and not isinstance(ctx.engine.pool, StaticPool):
        ctx.is_disconnect = True
    log.warning("database unavailable: %s (%s)", reason, ctx.original_exception)
    return unavailable(reason)


def raw_outage(engine: Engine, exc: BaseException) -> DatabaseUnavailable | None:
    """DatabaseUnavailable for a driver error raised outside SQLAlchemy's statements (a raw
    connection's COPY, a pool connect), or None when the error is not an outage."""
    if engine.dialect.name == "sqlite":
        reason, _drop = _sqlite_reason(exc)
    else:
        reason = _pg_reason(exc)
        if reason is None and isinstance(exc, engine.dialect.loaded_dbapi.OperationalError):
            reason = "cannot connect"  # no SQLSTATE: the connection itself failed
    if reason is None:
        return None
    log.warning("database unavailable: %s (%s)", reason, exc)
    return unavailable(reason)


def watch(engine: Engine) -> None:
    """Translate this engine's outage errors into DatabaseUnavailable from now on."""
    event.listen(engine, "handle_error", _on_error)
