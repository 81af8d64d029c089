"""Pure helpers of the store: filter clauses and row <-> record conversion."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, false, or_, true, tuple_
from sqlalchemy.sql.expression import Alias

from graphsvc.models import Actor, Article, Event, EventFilter, Provenance
from graphsvc.store.aggregates import busy_dyads, confidence_clauses, dataset_clauses
from graphsvc.store.schema import PROVENANCE_COLUMNS, events

# Event fields that map one-to-one onto a column of the same name.
EVENT_COLUMNS = tuple(c.name for c in events.columns if c.name not in {"id", "extra", "article_id"})


def filter_clause(f: EventFilter) -> ColumnElement[bool]:
    """WHERE clause for an EventFilter. Codes and roots combine with OR (either matches).

    ``min_count`` keeps the events of ordered (source, target) pairs that have at least that
    many events under the other filters, as the graph builders do, so that lists, counts and
    exports agree with the graph.
    """
    clause = _match(f, events)
    if f.min_count <= 1:
        return clause
    # The busy pairs come from the rollups: one GROUP BY over dyad sums, not over events.
    # Written as expressions (col || '') so no planner drives the scan from the pair index
    # through every busy pair: pages read events in id order and stop at the page's end.
    pair = tuple_(events.c.source.concat(""), events.c.target.concat(""))
    return and_(clause, pair.in_(busy_dyads(f)))


def _match(f: EventFilter, table: Table | Alias) -> ColumnElement[bool]:
    """Every filter but ``min_count``, on ``table`` (the events table or an alias of it)."""
    c = table.c
    parts: list[ColumnElement[bool]] = []
    if f.date_from is not None:
        parts.append(c.date >= f.date_from)
    if f.date_to is not None:
        parts.append(c.date <= f.date_to)
    if f.actors:
        codes = sorted(f.actors)
        parts.append(or_(c.source.in_(codes), c.target.in_(codes)))
    if f.codes or f.roots:
        parts.append(or_(c.code.in_(sorted(f.codes)), c.root.in_(sorted(f.roots))))
    if f.quad_classes:
        parts.append(c.quad_class.in_(sorted(f.quad_classes)))
    if not f.include_negated:
        parts.append(c.negated == false())
    if not f.reports:
        parts.append(c.event_id.is_(None))  # one row per event (see store/linker.py)
    parts += dataset_clauses(f, table)
    parts += confidence_clauses(f, table)
    return and_(true(), *parts)


def event_row(event: Event, article_id: str) -> dict[str, Any]:
    row = {name: getattr(event, name) for name in EVENT_COLUMNS}
    row["article_id"] = article_id
    row["extra"] = (
        json.dumps(event.extra, ensure_ascii=False, sort_keys=True) if event.extra else "{}"
    )
    return row


# Event's constructor order; rows selected in this order build Events positionally, which
# is ~10x faster than by name for the 40k-event graphs. ``extra`` (JSON text) comes last.
EVENT_FIELDS = tuple(f.name for f in fields(Event))
if EVENT_FIELDS[-1] != "extra":  # pragma: no cover - guards a change to models.Event
    raise RuntimeError("event_from_row expects Event.extra to be the last field")
EVENT_SELECT = tuple(events.c[name] for name in EVENT_FIELDS)


def event_from_row(row: Sequence[Any]) -> Event:
    """An Event from values in EVENT_FIELDS order (more values after those are ignored)."""
    raw = row[len(EVENT_FIELDS) - 1]
    extra = json.loads(raw) if raw and raw != "{}" else {}
    return Event(*row[: len(EVENT_FIELDS) - 1], extra)


def stored_event(row: Mapping[str, Any], event_id: int) -> Event:
    """The Event an ``event_row`` dict becomes once stored under ``event_id``."""
    return event_from_row([event_id if n == "id" else row[n] for n in EVENT_FIELDS])


def article_row(article: Article, created_at: datetime) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": article.published,
        "text": article.text,
        "content_hash": article.content_hash,
        "created_at": created_at,
        **provenance_row(article.provenance),
    }


def provenance_row(provenance: Provenance | None) -> dict[str, Any]:
    p = provenance or Provenance()
    fetched_at = p.fetched_at
    if fetched_at is not None and fetched_at.tzinfo is not None:  # stored as naive UTC
        fetched_at = fetched_at.astimezone(UTC).replace(tzinfo=None)
    return {
        "origin": p.origin,
        "origin_ref": p.origin_ref,
        "fetched_url": p.fetched_url,
        "fetched_at": fetched_at,
        "author": p.author,
        "canonical_url": p.canonical_url,
    }


def provenance_from_row(row: Mapping[str, Any]) -> Provenance | None:
    values = {name: row.get(name) for name, _ in PROVENANCE_COLUMNS}
    if not any(v is not None for v in values.values()):
        return None  # stored before provenance was kept
    fetched_at = values["fetched_at"]
    if isinstance(fetched_at, str):  # SQLite rows written in bulk, read without types
        fetched_at = datetime.fromisoformat(fetched_at)
    if fetched_at is not None:
        values["fetched_at"] = fetched_at.replace(tzinfo=UTC)
    return Provenance(**values)


def article_from_row(row: Mapping[str, Any]) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        published=row["published"],
        content_hash=row["content_hash"],
        provenance=provenance_from_row(row),
    )


def actor_row(actor: Actor) -> dict[str, Any]:
    return {
        "code": actor.code,
        "label": actor.label,
        "kind": actor.kind,
        "aliases": json.dumps(list(actor.aliases), ensure_ascii=False),
    }


def actor_from_row(row: Mapping[str, Any]) -> Actor:
    return Actor(
        code=row["code"],
        label=row["label"],
        kind=row["kind"],
        aliases=tuple(json.loads(row["aliases"] or "[]")),
    )
