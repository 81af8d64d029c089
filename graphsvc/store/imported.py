"""Writing imported dataset events (graphsvc/imports): idempotent batches, bulk path.

An imported event has no article text. Its evidence is a *document* of its dataset (a GDELT
SOURCEURL, an ICEWS story, an ACLED or POLECAT record): each document is stored once as an
article whose text says what it is ("Evidence of GDELT 1.0 events: <url> …"), so every edge
keeps an article to trace it to, as the events table requires, and deleting that article
deletes its events like any other. Events are keyed by (dataset, dataset_event_id), unique in
the table: a batch skips those already stored, so re-importing a file, or the rest of a file
after a crash (batches commit whole), adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, tuple_, update

from graphsvc.store import bulk, rollup
from graphsvc.store.schema import articles, dataset_mentions, events

_CHUNK = 500  # keys per IN list


def stored_keys(conn: Connection, column: Any, keys: Sequence[str], *where: Any) -> set[str]:
    """Which of ``keys`` ``column`` already holds (rows under ``where``)."""
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = list(keys[start : start + _CHUNK])
        found.update(conn.scalars(select(column).where(column.in_(chunk), *where)))
    return found


def new_articles(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert the article rows whose id is not stored yet; how many were new."""
    unique = list({r["id"]: r for r in rows}.values())
    have = stored_keys(conn, articles.c.id, [r["id"] for r in unique])
    fresh = [r for r in unique if r["id"] not in have]
    if fresh:
        bulk.insert_rows(conn, insert(articles), list(fresh[0]), fresh)
    return len(fresh)


def new_events(
    conn: Connection,
    dataset: str,
    rows: Sequence[Mapping[str, Any]],
    allocate: Callable[[int], list[int]],
) -> list[dict[str, Any]]:
    """Insert the event rows (``event_row`` dicts of one dataset) not stored yet, under ids
    from ``allocate(n)``, and count them into the rollups; returns the rows inserted."""
    unique = list({r["dataset_event_id"]: r for r in rows}.values())
    have = stored_keys(conn, events.c.dataset_event_id, [r["dataset_event_id"] for r in unique],
                       events.c.dataset == dataset)  # fmt: skip
    wanted = [r for r in unique if r["dataset_event_id"] not in have]
    ids = allocate(len(wanted)) if wanted else []
    fresh = [{**r, "id": i} for r, i in zip(wanted, ids, strict=True)]
    if fresh:
        bulk.insert_rows(conn, insert(events), [c.name for c in events.columns], fresh)
        rollup.add_events(conn, fresh)
    return fresh


def add_mentions(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert mention rows (``dataset_mentions`` columns) not stored yet; how many."""
    unique = list({(r["dataset"], r["event_key"], r["mention_key"]): r for r in rows}.values())
    m = dataset_mentions.c
    have: set[tuple[str, str, str]] = set()
    for start in range(0, len(unique), _CHUNK):
        chunk = [
            (r["dataset"], r["event_key"], r["mention_key"]) for r in unique[start : start + _CHUNK]
        ]
        stmt = select(m.dataset, m.event_key, m.mention_key).where(
            tuple_(m.dataset, m.event_key, m.mention_key).in_(chunk)
        )
        have.update(tuple(row) for row in conn.execute(stmt))
    fresh = [r for r in unique if (r["dataset"], r["event_key"], r["mention_key"]) not in have]
    if fresh:
        bulk.insert_rows(conn, insert(dataset_mentions), [c.name for c in dataset_mentions.columns],
                         fresh)  # fmt: skip
    return len(fresh)


def recount_reports(conn: Connection, dataset: str, keys: Sequence[str]) -> None:
    """Raise these events' report counts to what their stored mentions show: mentions,
    distinct documents and distinct sources (never lowered: the event file's own counts
    may cover mentions whose file was not imported)."""
    m = dataset_mentions.c
    # The larger of two values: greatest() on PostgreSQL, two-argument max() on SQLite.
    bigger = func.greatest if conn.dialect.name == "postgresql" else func.max
    of_event = and_(m.dataset == events.c.dataset, m.event_key == events.c.dataset_event_id)

    def counted(expr: Any) -> Any:
        return select(expr).where(of_event).scalar_subquery()

    for start in range(0, len(keys), _CHUNK):
        chunk = sorted(set(keys[start : start + _CHUNK]))
        values = {
            name: bigger(func.coalesce(events.c[name], 0), counted(expr))
            for name, expr in (
                ("num_mentions", func.count()),
                ("num_articles", func.count(m.identifier.distinct())),
                ("num_sources", func.count(m.source_name.distinct())),
            )
        }
        conn.execute(
            update(events)
            .where(events.c.dataset == dataset, events.c.dataset_event_id.in_(chunk))
            .values(**values)
        )
