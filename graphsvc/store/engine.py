"""Engine creation: the few differences between SQLite and PostgreSQL live here only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from graphsvc.errors import GraphsvcError, InvalidInput


class DatabaseUnavailable(GraphsvcError):
    """The database cannot be opened or reached (a server down, a file that cannot be made)."""

    status = 503
    title = "Service unavailable"


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
    """An engine for a SQLAlchemy URL; for a SQLite file its parent directory is created.

    A URL that names no usable database (unknown dialect, driver not installed) is
    InvalidInput; a SQLite directory that cannot be created is DatabaseUnavailable.
    """
    try:
        url = make_url(url_text)
        if url.get_backend_name() != "sqlite":
            return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise InvalidInput(f"Cannot use the database URL {shown_url(url_text)}: {exc}") from None
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if _is_memory(url):
        # One shared connection, or every pooled connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
    elif url.database and not url.database.startswith("file:"):
        try:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                f"Cannot create the folder of the database {url.database}: {exc.strerror}."
            ) from None
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def is_memory_url(url_text: str) -> bool:
    """True for an in-memory SQLite URL: a database no other process can open."""
    try:
        url = make_url(url_text)
    except ArgumentError:
        return False
    return url.get_backend_name() == "sqlite" and _is_memory(url)
