"""Schema 3: the events' dataset columns and the mentions table of imported datasets.

A store of version 2 gets the columns by ``ALTER TABLE … ADD COLUMN`` (SQLite and
PostgreSQL alike; existing events become ``dataset = 'graphsvc'`` through the column's
default), then the unique index on (dataset, dataset_event_id) and the mentions table. A
store created at this version already has them from ``create_all``: each part is skipped
when present, so the step is safe on both.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, inspect
from sqlalchemy.schema import CreateColumn

from graphsvc.store.schema import dataset_mentions, events

NEW_COLUMNS = ("dataset", "dataset_event_id", "source_url", "num_mentions", "num_sources",
               "num_articles")  # fmt: skip


def add_dataset_columns(conn: Connection) -> None:
    """Bring a version-2 store's events up to schema 3 (a no-op on a new store)."""
    present = {c["name"] for c in inspect(conn).get_columns(events.name)}
    for name in NEW_COLUMNS:
        if name not in present:
            column: Column = events.c[name]
            ddl = CreateColumn(column).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f'ALTER TABLE "{events.name}" ADD COLUMN {ddl}')
    for index in events.indexes:
        if index.name == "ux_events_dataset_id":
            index.create(conn, checkfirst=True)
    dataset_mentions.create(conn, checkfirst=True)
