"""Helpers of the import tests: stored events by dataset id, table counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from graphsvc.models import Event
from graphsvc.store import Store
from graphsvc.store.queries import EVENT_SELECT, event_from_row
from graphsvc.store.schema import articles, dataset_mentions, events, pair_totals


def by_id(store: Store, dataset: str) -> dict[str, Event]:
    stmt = select(*EVENT_SELECT).where(events.c.dataset == dataset)
    with store.engine.connect() as conn:
        found = [event_from_row(row) for row in conn.execute(stmt)]
    return {str(e.dataset_event_id): e for e in found}


def every_event(store: Store) -> list[Event]:
    """Every stored event, read without any filter code."""
    with store.engine.connect() as conn:
        return [event_from_row(row) for row in conn.execute(select(*EVENT_SELECT))]


def counts(store: Store) -> dict[str, Any]:
    """Rows of every table an import writes, and the rollup's event total."""
    with store.engine.connect() as conn:
        return {
            "events": conn.scalar(select(func.count()).select_from(events)),
            "articles": conn.scalar(select(func.count()).select_from(articles)),
            "mentions": conn.scalar(select(func.count()).select_from(dataset_mentions)),
            "rollup_n": conn.scalar(select(func.coalesce(func.sum(pair_totals.c.n), 0))),
        }
