"""Engine creation: the few differences between SQLite and PostgreSQL live here only."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool, StaticPool

from graphsvc.errors import DatabaseUnavailable, InvalidInput
from graphsvc.store import outage
from graphsvc.store.sqlite_file import watch_file

__all__ = ["DatabaseUnavailable", "is_memory_url", "make_engine", "probe_engine", "shown_url"]

BUSY_TIMEOUT_MS = 10_000  # a writer waits this long for SQLite's write lock, then 503


def shown_url(url_text: str) -> str:
    """The URL for messages: a password is masked, text that is no URL is shown as given."""
    try:
        return make_url(url_text).render_as_string(hide_password=True)
    except ArgumentError:
        return url_text


def _is_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # WAL lets readers (the web server) run while a writer (the CLI) ingests.
        _switch_to_wal(cursor)
        # With WAL, NORMAL stays consistent after a crash and saves an fsync per commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        # SQLite ignores ON DELETE CASCADE unless foreign keys are switched on per connection.
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """WAL is kept in the file: set once. Setting it answers "locked" at once, without the
    busy timeout, while another process opens the new file: retry for as long."""
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] in ("wal", "memory"):
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def single_connection(engine: Engine) -> bool:
    """True when every user shares one DBAPI connection (in-memory SQLite): serialise access."""
    return isinstance(engine.pool, StaticPool)


def make_engine(url_text: str) -> Engine:
    """An engine for a SQLAlchemy URL; for a SQLite file its parent directory is created.

    A URL that names no usable database (unknown dialect, driver not installed) is
    InvalidInput; a SQLite directory that cannot be created is DatabaseUnavailable. Errors
    of an unreachable database raise DatabaseUnavailable wherever they happen (outage.py).
    """
    try:
        url = make_url(url_text)
        if url.get_backend_name() != "sqlite":
            engine = create_engine(url, pool_pre_ping=True)
            outage.watch(engine)
            return engine
    except (ArgumentError, ImportError) as exc:
        raise InvalidInput(f"Cannot use the database URL {shown_url(url_text)}: {exc}") from None
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if _is_memory(url):
        # One shared connection, or every pooled connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
    elif url.database and not url.database.startswith("file:"):
        path = Path(url.database)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))
        except OSError as exc:
            raise DatabaseUnavailable(
                f"Cannot create the folder of the database {url.database}: {exc.strerror}."
                if not path.parent.is_dir()
                else f"Cannot create the database file {url.database}: {exc.strerror}.",
                reason=exc.strerror or "",
            ) from None
    engine = create_engine(url, **kwargs)
    _sqlite_events(engine)
    return engine


def _sqlite_events(engine: Engine) -> None:
    event.listen(engine, "connect", _sqlite_pragmas)
    database = engine.url.database or ""
    if not _is_memory(engine.url) and not database.startswith("file:"):
        watch_file(engine, database)  # a file removed while serving is an outage
    outage.watch(engine)


def probe_engine(engine: Engine) -> Engine | None:
    """For a SQLite file, an engine whose every use opens the file afresh (readiness: the
    pool's open connections keep working on a file that is gone or unreadable); None
    where the pool's own pre-ping tells (PostgreSQL) or nothing can go (in memory)."""
    if engine.dialect.name != "sqlite" or single_connection(engine):
        return None
    probe = create_engine(engine.url, poolclass=NullPool)
    _sqlite_events(probe)
    return probe


def is_memory_url(url_text: str) -> bool:
    """True for an in-memory SQLite URL: a database no other process can open."""
    try:
        url = make_url(url_text)
    except ArgumentError:
        return False
    return url.get_backend_name() == "sqlite" and _is_memory(url)
