"""Store creation and schema migrations, safe when several processes open a new store at once.

The ``meta`` table holds the schema version (key ``schema``) beside the rollup format
(``rollup``) and the change counter (``generation``). Opening a store reads them without a
lock; only when something is behind (a new database, a store of an older graphsvc) does it
take the database's migration lock — PostgreSQL: an advisory lock of the transaction, one
per schema; SQLite: ``BEGIN IMMEDIATE``, its single write lock — look again, and run what is
still missing in that one transaction. DDL is transactional on both backends: a migration
that fails leaves nothing half-made, and a process that waited for the lock finds the work
done. (Alembic was weighed: it brings no lock of its own, so this lock would be needed
anyway, around one create_all and one data rebuild.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Connection, Engine, insert, inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from graphsvc.errors import GraphsvcError
from graphsvc.store import engine as engines
from graphsvc.store import linker, rollup, search
from graphsvc.store.dataset_columns import add_dataset_columns
from graphsvc.store.outage import unavailable
from graphsvc.store.schema import (
    PROVENANCE_COLUMNS,
    ROLLUPS,
    articles,
    feed_entries,
    feeds,
    meta,
    metadata,
)

# Bump with a new step in MIGRATIONS when the tables change; the step brings a store of the
# previous version up to this one (ALTER TABLE …, on SQLite and PostgreSQL alike).
SCHEMA_VERSION = 7
LOCK_WAIT_MS = 600_000  # SQLite: how long an opener waits for another process's migration
_PG_LOCK_KEY = 0x67737663  # "gsvc": the advisory lock's first key; the schema's hash is the second
_PG_LOCK = text("SELECT pg_advisory_xact_lock(:key, hashtext(coalesce(current_schema(), '')))")


def _create_tables(conn: Connection) -> None:
    metadata.create_all(conn)  # checkfirst: a store made before versions keeps its tables


def _add_provenance(conn: Connection) -> None:
    """Where each article came from (models.Provenance): nullable columns, so the articles
    of an older store keep NULL, "not recorded". A new store has them from create_all."""
    present = {c["name"] for c in inspect(conn).get_columns(articles.name)}
    for name, type_ in PROVENANCE_COLUMNS:
        if name not in present:
            kind = type_.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {articles.name} ADD COLUMN {name} {kind}"))


def _create_feed_tables(conn: Connection) -> None:
    # checkfirst: a new store got them from _create_tables already
    feeds.create(conn, checkfirst=True)
    feed_entries.create(conn, checkfirst=True)


def _split_rollups(conn: Connection) -> None:
    """Rollups keyed by dataset and confidence tier, with confidence sums: their key
    changes, so the tables are made again; the rollup format's bump (store/rollup.py)
    then refills them from the events in this same transaction."""
    for table in ROLLUPS:
        table.drop(conn, checkfirst=True)
        table.create(conn)


MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _create_tables),
    (2, search.create_search),  # full-text search of the articles (store/search.py)
    (3, add_dataset_columns),  # events tagged with their dataset (graphsvc/imports)
    (4, linker.add_columns),  # events, not reports: events.event_id and events.reports
    (5, _add_provenance),  # articles.origin, origin_ref, fetched_url/_at, author, canonical_url
    (6, _create_feed_tables),  # feeds followed continuously (store/feeds.py)
    (7, _split_rollups),  # rollups by dataset and confidence tier, confidence sums
)
_ROLLUPS_REMADE = 7  # the last step that makes the rollup tables again


class NewerSchema(GraphsvcError):
    """The store was migrated by a newer graphsvc than this one."""


def migrate(engine: Engine) -> None:
    """Bring the store's tables and rollups up to date (create them in a new database)."""
    with engine.connect() as conn:
        if _is_current(_state(conn)):
            return
    with _locked(engine) as conn:
        _upgrade(conn)


def schema_version(conn: Connection) -> int:
    """The schema version the store is at (0: before versions, or no tables at all)."""
    return _state(conn).get("schema", 0)


def ping(engine: Engine, lock: AbstractContextManager[object]) -> None:
    """One cheap read of the schema version: DatabaseUnavailable unless it answers this one."""
    try:
        with lock, engine.connect() as conn:
            version = conn.scalar(select(meta.c.value).where(meta.c.key == "schema"))
    except DBAPIError as exc:  # the tables are gone (outages are DatabaseUnavailable already)
        raise unavailable("the store's tables cannot be read") from exc
    if version != SCHEMA_VERSION:
        raise unavailable(f"schema version {version}, expected {SCHEMA_VERSION}")


def _state(conn: Connection) -> dict[str, int]:
    if not inspect(conn).has_table(meta.name):
        return {}
    return {key: int(value) for key, value in conn.execute(select(meta.c.key, meta.c.value))}


def _is_current(state: dict[str, int]) -> bool:
    version = state.get("schema", 0)
    if version > SCHEMA_VERSION:
        raise NewerSchema(
            f"The database is at schema version {version}, made by a newer graphsvc; this "
            f"one knows versions up to {SCHEMA_VERSION}. Upgrade graphsvc to open it."
        )
    return (
        version == SCHEMA_VERSION
        and state.get("rollup") == rollup.ROLLUP_FORMAT
        and "generation" in state
    )


def _upgrade(conn: Connection) -> None:
    """Under the lock: whatever another process has not done meanwhile."""
    state = _state(conn)
    if _is_current(state):
        return
    version = state.get("schema", 0)
    for number, step in MIGRATIONS:
        if number > version:
            step(conn)
    if state.get("rollup") != rollup.ROLLUP_FORMAT or version < _ROLLUPS_REMADE:
        # A store written before the rollups existed (or in an older format), or a new one,
        # or one whose rollup tables a step above made again (empty).
        rollup.rebuild(conn)
    wanted = {"schema": SCHEMA_VERSION, "rollup": rollup.ROLLUP_FORMAT, "generation": 0}
    for key, value in wanted.items():
        if key not in state:
            conn.execute(insert(meta).values(key=key, value=value))
        elif key != "generation" and state[key] != value:
            conn.execute(update(meta).where(meta.c.key == key).values(value=value))


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the database's migration lock (released at commit/rollback)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(_PG_LOCK, {"key": _PG_LOCK_KEY})
            yield conn
        return
    with engine.connect() as pooled:
        # The driver leaves transaction control to us: BEGIN IMMEDIATE takes the write lock
        # up front (a deferred BEGIN would fail, not wait, when it later needs to write).
        conn = pooled.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={engines.BUSY_TIMEOUT_MS}")
