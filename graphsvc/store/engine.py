"""Engine creation: the few differences between SQLite and PostgreSQL live here only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool


def _is_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets readers (the web server) run while a writer (the CLI) ingests.
        cursor.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL stays consistent after a crash and saves an fsync per commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        # SQLite ignores ON DELETE CASCADE unless foreign keys are switched on per connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()


def single_connection(engine: Engine) -> bool:
    """True when every user shares one DBAPI connection (in-memory SQLite): serialise access."""
    return isinstance(engine.pool, StaticPool)


def make_engine(url_text: str) -> Engine:
    """An engine for a SQLAlchemy URL; for a SQLite file its parent directory is created."""
    url = make_url(url_text)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if _is_memory(url):
        # One shared connection, or every pooled connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
    elif url.database and not url.database.startswith("file:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine
