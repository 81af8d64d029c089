"""The Store: articles, actors and events in SQLite or PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    bindparam,
    column,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    true,
    union_all,
    update,
    values,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from graphsvc.cursors import (
    decode_article_cursor,
    decode_event_cursor,
    encode_article_cursor,
    encode_event_cursor,
)
from graphsvc.errors import Conflict
from graphsvc.models import Actor, Article, DyadSums, Event, EventFilter, content_hash
from graphsvc.row_template import RowTemplate
from graphsvc.store import aggregates as agg
from graphsvc.store import bulk, imported, linker, rollup, search, windows
from graphsvc.store.aggregates import Scope
from graphsvc.store.copy_csv import CopyCsvStream
from graphsvc.store.engine import (
    DatabaseUnavailable,
    make_engine,
    probe_engine,
    shown_url,
    single_connection,
)
from graphsvc.store.migrate import migrate, ping
from graphsvc.store.queries import (
    EVENT_SELECT,
    actor_from_row,
    actor_row,
    article_from_row,
    article_row,
    event_from_row,
    event_row,
    filter_clause,
    stored_event,
)
from graphsvc.store.rendered import RenderedStream
from graphsvc.store.schema import QUADS, ROOTS, actors, articles, events, meta
from graphsvc.store.stream import CHUNK_ROWS, EventStream

Stored = tuple[Article, list[Event], bool]
Dyad = tuple[str, str, bool]  # (a, b, directed)
_WRITE_ATTEMPTS = 3  # a batch that lost a race with a concurrent writer is re-checked


class DataVersion(NamedTuple):
    """What a cached answer was built from: the newest event id and the count of rare
    changes (deletions, actor edits) that new event ids alone would not reveal. Reading it
    is two index lookups, and writers never queue on a shared counter row to bump it."""

    last_event_id: int
    generation: int


class Store:
    """Persistent articles/actors/events, with rollups kept in the same transactions."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        # One shared connection cannot hold interleaved transactions of several threads.
        self._lock: AbstractContextManager[object] = (
            threading.RLock() if single_connection(self.engine) else nullcontext()
        )
        self._probe = probe_engine(self.engine)
        try:
            migrate(self.engine)
        except (DBAPIError, DatabaseUnavailable) as exc:
            # The first contact with the database: a server down or a file that cannot be
            # opened ends here, as one sentence rather than a driver traceback.
            self.close()
            cause = exc.orig if isinstance(exc, DBAPIError) else exc.__cause__
            reason = str(cause).strip().splitlines()[0] if cause else type(exc).__name__
            raise DatabaseUnavailable(
                f"Cannot open the database {shown_url(url)}: {reason}.", reason=reason
            ) from None
        except BaseException:
            self.close()
            raise

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._lock, self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._lock, self.engine.begin() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()
        if self._probe is not None:
            self._probe.dispose()

    def ping(self) -> None:
        """Readiness: the database answers and holds this graphsvc's schema (a SQLite file is
        opened afresh). Raises DatabaseUnavailable otherwise."""
        ping(self._probe or self.engine, self._lock)

    @property
    def version(self) -> DataVersion:
        newest = select(func.max(events.c.id)).scalar_subquery()
        generation = select(meta.c.value).where(meta.c.key == "generation").scalar_subquery()
        with self._read() as conn:
            row = conn.execute(select(newest, generation)).one()
        return DataVersion(int(row[0] or 0), int(row[1] or 0))

    @staticmethod
    def _bump(conn: Connection) -> None:
        """Count a deletion or an actor change (rare: additions need no bump)."""
        c = meta.c
        conn.execute(update(meta).where(c.key == "generation").values(value=c.value + 1))

    def matches_since(self, last_event_id: int, f: EventFilter) -> bool:
        """Whether an event newer than ``last_event_id`` matches ``f`` (dates, actors,
        codes…): a cached answer for ``f`` built before it is stale, otherwise still good."""
        # Report rows too: a new report changes its event's `reports` in cached answers.
        every_row = replace(f, reports=True)
        stmt = select(events.c.id).where(events.c.id > last_event_id, agg.match(every_row, events))
        with self._read() as conn:
            return conn.scalar(stmt.limit(1)) is not None

    # -- articles -------------------------------------------------------------------------

    def add_article(
        self, article: Article, events_: Iterable[Event], *, link: bool = True
    ) -> Stored:
        """Store an article with its events in one transaction; idempotent.

        Returns (article, events, created). An existing article with the same id or the same
        content hash is returned as stored (created=False); the same id with different text
        raises Conflict. ``link``: see ``add_articles``.
        """
        (outcome,) = self.add_articles([(article, list(events_))], link=link)
        if isinstance(outcome, Conflict):
            raise outcome
        return outcome

    def add_articles(
        self, items: Sequence[tuple[Article, Sequence[Event]]], *, link: bool = True
    ) -> list[Stored | Conflict]:
        """Store many articles with their events in one transaction (the bulk path).

        One outcome per item, in order, as ``add_article`` would give it, except that an id
        already stored with other text gives a Conflict instance instead of raising. Items
        repeating an earlier item of the batch (same id or text) come back as not created.

        ``link`` (the default): an event reported by another article already stored (or
        earlier in the batch) is stored as a report of it (graphsvc/linking); False stores
        every event as its own, for rows that are events already (an imported dataset).
        """
        prepared = [
            (a if a.content_hash else replace(a, content_hash=content_hash(a.text)), list(evs))
            for a, evs in items
        ]
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._write() as conn:
                    return self._add_batch(conn, prepared, link)
            except IntegrityError:
                # A concurrent writer stored one of these articles between our check and
                # insert: the next attempt finds it stored.
                if attempt + 1 == _WRITE_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _add_batch(
        self, conn: Connection, items: list[tuple[Article, list[Event]]], link: bool
    ) -> list[Stored | Conflict]:
        by_id, by_hash = self._stored_keys(conn, items)
        outcomes: list[Stored | Conflict | None] = []
        new_articles: list[dict[str, Any]] = []
        new_rows: list[list[dict[str, Any]]] = []
        now = _now()
        for article, evs in items:
            row = by_id.get(article.id)
            if row is not None and row["content_hash"] != article.content_hash:
                outcomes.append(
                    Conflict(
                        f"An article with id '{article.id}' already exists with different text."
                    )
                )
                continue
            row = row or by_hash.get(article.content_hash)
            if row is not None:
                outcomes.append((article_from_row(row), [], False))  # events filled below
                continue
            record = article_row(article, now)
            by_id[article.id] = by_hash[article.content_hash] = record
            new_articles.append(record)
            new_rows.append([event_row(e, article.id) for e in evs])
            outcomes.append(None)
        if new_articles:
            bulk.insert_rows(conn, insert(articles), list(new_articles[0]), new_articles)
            flat = [r for rows in new_rows for r in rows]
            ids = self._insert_events(conn, flat, link)
            # Only the events count: a row linked as a report of another adds nothing.
            rollup.add_events(conn, [r for r in flat if r["event_id"] is None])
        fresh = iter(zip(new_articles, new_rows, strict=True))
        stored_ids = iter(ids) if new_articles else iter(())
        old_events = self._events_of(conn, [o[0].id for o in outcomes if isinstance(o, tuple)])
        result: list[Stored | Conflict] = []
        for outcome in outcomes:
            if outcome is None:
                record, rows = next(fresh)
                stored = [stored_event(r, next(stored_ids)) for r in rows]
                result.append((article_from_row(record), stored, True))
            elif isinstance(outcome, tuple):
                result.append((outcome[0], old_events.get(outcome[0].id, []), False))
            else:
                result.append(outcome)
        return result

    def add_imported(
        self,
        dataset: str,
        article_rows: Sequence[dict[str, Any]],
        event_rows: Sequence[dict[str, Any]],
        mention_rows: Sequence[dict[str, Any]] = (),
        *,
        with_mentions: bool = False,
    ) -> tuple[int, int]:
        """One batch of an imported dataset in one transaction (store/imported.py): its
        evidence articles and events not stored yet, and GDELT mentions. ``with_mentions``
        (GDELT 2.0): new events count the mentions stored before them. Returns (events
        added, mentions added)."""
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._write() as conn:
                    imported.new_articles(conn, article_rows)
                    added = imported.new_events(
                        conn, dataset, event_rows, lambda n: self._allocate_event_ids(conn, n)
                    )
                    mentions = imported.add_mentions(conn, mention_rows)
                    keys = [r["event_key"] for r in mention_rows]
                    keys += [r["dataset_event_id"] for r in added] if with_mentions else []
                    if keys:
                        imported.recount_reports(conn, dataset, keys)
                    return len(added), mentions
            except IntegrityError:
                # Another importer stored some of these meanwhile: the next attempt skips them.
                if attempt + 1 == _WRITE_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _stored_keys(
        conn: Connection, items: list[tuple[Article, list[Event]]]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Stored article rows with the batch's ids or content hashes, by id and by hash."""
        by_id: dict[str, Any] = {}
        by_hash: dict[str, Any] = {}
        a = articles.c
        for start in range(0, len(items), 400):
            chunk = items[start : start + 400]
            ids = sorted({art.id for art, _ in chunk})
            hashes = sorted({art.content_hash for art, _ in chunk})
            stmt = select(articles).where(or_(a.id.in_(ids), a.content_hash.in_(hashes)))
            for row in conn.execute(stmt).mappings():
                by_id[row["id"]] = dict(row)
                by_hash[row["content_hash"]] = dict(row)
        return by_id, by_hash

    @staticmethod
    def _events_of(conn: Connection, article_ids: list[str]) -> dict[str, list[Event]]:
        found: dict[str, list[Event]] = {}
        for start in range(0, len(article_ids), 400):
            chunk = article_ids[start : start + 400]
            stmt = select(*EVENT_SELECT).where(events.c.article_id.in_(chunk)).order_by(events.c.id)
            for row in conn.execute(stmt):
                event = event_from_row(row)
                found.setdefault(str(event.article_id), []).append(event)
        return found

    def _insert_events(self, conn: Connection, rows: list[dict[str, Any]], link: bool) -> list[int]:
        """Insert event rows under ids allocated up front (one executemany, no RETURNING:
        SQLite would otherwise insert row by row to report ids in order)."""
        if not rows:
            return []
        ids = self._allocate_event_ids(conn, len(rows))
        for row, i in zip(rows, ids, strict=True):
            row["id"] = i
        # Which stored (or earlier) event each row reports: sets event_id and reports.
        if link:
            linker.link_rows(conn, rows)
        else:
            for row in rows:
                row["event_id"], row["reports"] = None, 1
        bulk.insert_rows(conn, insert(events), [c.name for c in events.columns], rows)
        return ids

    def _allocate_event_ids(self, conn: Connection, n: int) -> list[int]:
        if self.dialect == "postgresql":
            sequence = text("nextval(pg_get_serial_sequence('events', 'id'))")
            stmt = select(sequence).select_from(func.generate_series(1, n))
            return [int(i) for i in conn.scalars(stmt)]
        # SQLite: the transaction holds the database's write lock since its first insert,
        # so no other writer can take these ids before we commit.
        newest = conn.scalar(select(func.max(events.c.id))) or 0
        return list(range(newest + 1, newest + 1 + n))

    def _existing(self, conn: Connection, article: Article) -> Stored | None:
        a = articles.c
        found = (
            conn.execute(
                select(articles).where(
                    or_(a.id == article.id, a.content_hash == article.content_hash)
                )
            )
            .mappings()
            .all()
        )
        by_id = [r for r in found if r["id"] == article.id]
        if by_id and by_id[0]["content_hash"] != article.content_hash:
            raise Conflict(f"An article with id '{article.id}' already exists with different text.")
        row = by_id[0] if by_id else (found[0] if found else None)
        if row is None:
            return None
        return article_from_row(row), self._article_events(conn, row["id"]), False

    def find_article(self, article: Article) -> Stored | None:
        """The stored article with this id or content hash (Conflict if the id has other
        text), or None: a cheap check before extracting events."""
        if not article.content_hash:
            article = replace(article, content_hash=content_hash(article.text))
        with self._read() as conn:
            return self._existing(conn, article)

    def get_article(self, article_id: str) -> tuple[Article, list[Event]] | None:
        with self._read() as conn:
            row = (
                conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
            )
            if row is None:
                return None
            return article_from_row(row), self._article_events(conn, article_id)

    @staticmethod
    def _article_events(conn: Connection, article_id: str) -> list[Event]:
        rows = conn.execute(
            select(*EVENT_SELECT).where(events.c.article_id == article_id).order_by(events.c.id)
        )
        return [event_from_row(r) for r in rows]

    def list_articles(
        self, *, limit: int, cursor: str | None = None, offset: int = 0
    ) -> tuple[list[Article], str | None]:
        """Newest first, keyset-paginated on (created_at, id) (``cursor``), ``offset`` of
        them skipped."""
        a = articles.c
        stmt = select(articles).order_by(a.created_at.desc(), a.id.desc()).limit(limit + 1)
        if cursor:
            at, last_id = decode_article_cursor(cursor)
            stmt = stmt.where(or_(a.created_at < at, and_(a.created_at == at, a.id < last_id)))
        if offset:
            stmt = stmt.offset(offset)
        with self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
        page, more = rows[:limit], len(rows) > limit
        last = page[-1] if more else None
        next_cursor = encode_article_cursor(last["created_at"], last["id"]) if last else None
        return [article_from_row(r) for r in page], next_cursor

    def search_articles(
        self,
        query: str,
        *,
        limit: int,
        offset: int = 0,
        before: tuple[datetime, str] | None = None,
    ) -> tuple[list[Article], int]:
        """One page of the articles matching every word of ``query`` (full-text, see
        store/search.py), best match first, and how many match in all (those stored
        before ``before`` when given)."""
        if not search.searchable(query):
            return [], 0
        page = search.search_page(self.dialect, query, limit, offset, before)
        with self._read() as conn:
            ids = [r[0] for r in conn.execute(*page)]
            total = conn.execute(*search.search_count(self.dialect, query, before)).scalar()
            rows = conn.execute(select(articles).where(articles.c.id.in_(ids))).mappings().all()
        by_id = {r["id"]: article_from_row(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id], int(total or 0)

    def count_articles(self) -> int:
        with self._read() as conn:
            return int(conn.scalar(select(func.count()).select_from(articles)) or 0)

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and its events; False if there was none."""
        with self._write() as conn:
            c = events.c
            dyads = conn.execute(
                select(c.source, c.target).where(c.article_id == article_id).distinct()
            ).all()
            # Its events other articles reported live on in the oldest of those reports.
            promoted = linker.unlink_article(conn, article_id)
            # Explicit, so the events go even where foreign keys are not enforced.
            conn.execute(delete(events).where(c.article_id == article_id))
            deleted = conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount
            if deleted:
                pairs = {(r.source, r.target) for r in dyads} | promoted
                rollup.recompute_dyads(conn, pairs)
                self._bump(conn)
        return bool(deleted)

    def replace_events(self, article_id: str, new: Sequence[Event]) -> list[Event]:
        """Put ``new`` (a re-extraction) in place of an article's event rows, in one
        transaction, linking them afresh: its events that other articles reported pass to
        those reports first (as on deletion), so nothing of theirs is lost, and the new
        rows link to them again when they are the same events."""
        c = events.c
        with self._write() as conn:
            old = conn.execute(
                select(c.source, c.target).where(c.article_id == article_id).distinct()
            ).all()
            promoted = linker.unlink_article(conn, article_id)
            conn.execute(delete(events).where(c.article_id == article_id))
            rows = [event_row(e, article_id) for e in new]
            ids = self._insert_events(conn, rows, True)
            pairs = {(r.source, r.target) for r in old} | promoted
            rollup.recompute_dyads(conn, pairs | {(r["source"], r["target"]) for r in rows})
            self._bump(conn)
        return [stored_event(r, i) for r, i in zip(rows, ids, strict=True)]

    def stale_article_ids(self, version: str | None) -> list[str]:
        """Ids of the articles with an event row of another extractor version than
        ``version`` (every article when None), in id order."""
        if version is None:
            stmt = select(articles.c.id)
        else:
            c = events.c
            stmt = select(c.article_id).where(c.extractor_version != version).distinct()
        with self._read() as conn:
            return sorted(conn.scalars(stmt))

    # -- actors ---------------------------------------------------------------------------

    def upsert_actors(self, items: Iterable[Actor]) -> int:
        """Insert new actors and update changed ones; returns how many rows changed."""
        wanted = {a.code: actor_row(a) for a in items}
        for _ in range(2):
            try:
                return self._upsert_actor_rows(wanted)
            except IntegrityError:
                # Another process (a second `ingest` on a new store) inserted some of them
                # between our read and our insert: read again and insert the rest.
                continue
        return self._upsert_actor_rows(wanted)

    def _upsert_actor_rows(self, wanted: dict[str, dict[str, Any]]) -> int:
        with self._write() as conn:
            have = {r["code"]: dict(r) for r in conn.execute(select(actors)).mappings()}
            new = [row for code, row in wanted.items() if code not in have]
            changed = [row for code, row in wanted.items() if code in have and have[code] != row]
            if new:
                conn.execute(insert(actors), new)
            for row in changed:
                conn.execute(update(actors).where(actors.c.code == row["code"]).values(**row))
            if new or changed:
                self._bump(conn)
        return len(new) + len(changed)

    def get_actor(self, code: str) -> Actor | None:
        with self._read() as conn:
            row = conn.execute(select(actors).where(actors.c.code == code)).mappings().first()
        return actor_from_row(row) if row else None

    def actors(self) -> dict[str, Actor]:
        with self._read() as conn:
            return {r["code"]: actor_from_row(r) for r in conn.execute(select(actors)).mappings()}

    def has_events_for(self, code: str) -> bool:
        with self._read() as conn:
            return (
                conn.scalar(select(events.c.id).where(Scope(actor=code).clause(events)).limit(1))
                is not None
            )

    # -- events ---------------------------------------------------------------------------

    def query_events(
        self,
        f: EventFilter,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        actor: str | None = None,
        dyad: Dyad | None = None,
        sides: Sides = (None, None),
        with_titles: bool = False,
    ) -> tuple[list[Event], str | None]:
        """Events matching ``f`` ordered by id; keyset-paginated when ``limit`` is given.

        ``actor`` keeps events involving that code; ``dyad`` = (a, b, directed) keeps a pair's;
        ``sides`` = (source, target) keeps events stored with that source and/or target.
        ``with_titles`` puts the article title into ``event.extra["article_title"]``.
        """
        clause = and_(_scope(f, actor, dyad), _sides(sides))
        if cursor:
            last_id = decode_event_cursor(cursor, self.dialect)
            clause = and_(clause, events.c.id > last_id)
        stmt = _event_select(with_titles).where(clause).order_by(events.c.id)
        if limit is not None:
            stmt = stmt.limit(limit + 1)
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        more = limit is not None and len(rows) > limit
        page = [_event(r, with_titles) for r in (rows[:limit] if more else rows)]
        next_cursor = encode_event_cursor(page[-1].id) if more else None
        return page, next_cursor

    def stream_events(
        self, f: EventFilter, *, chunk_rows: int = CHUNK_ROWS, context: bool = False
    ) -> EventStream:
        """Every event matching ``f`` (min_count included) as row tuples in id order, in
        chunks, from a cursor opened now; close the stream to release its connection.
        ``context`` adds the ``graphsvc.rows.CONTEXT_FIELDS`` (labels, article) to each row."""
        lock = self._lock if single_connection(self.engine) else None
        return EventStream(self.engine, f, lock=lock, chunk_rows=chunk_rows, context=context)

    def copy_events_csv(self, f: EventFilter) -> CopyCsvStream | None:
        """The CSV rows (``render.csv`` columns, no header) of ``stream_events``, rendered
        by PostgreSQL's COPY; None on SQLite. Close it to release its connection."""
        if self.dialect != "postgresql":
            return None
        return CopyCsvStream(self.engine, f)

    def render_events(self, f: EventFilter, template: RowTemplate) -> RenderedStream | None:
        """The events of ``stream_events`` as text the database renders from ``template``
        (``store.rendered``); None for in-memory SQLite (one shared connection, where the
        plain stream takes its lock per chunk). Close it to release its connection."""
        if single_connection(self.engine):
            return None
        return RenderedStream(self.engine, f, template)

    def count_events(
        self,
        f: EventFilter,
        *,
        actor: str | None = None,
        dyad: Dyad | None = None,
        sides: Sides = (None, None),
    ) -> int:
        """How many events match: from the rollups (no event row is read), or with ``sides``
        one COUNT over the events along the source or target index."""
        if sides == (None, None) and not f.reports:  # the rollups count events, not reports
            return self.dyad_totals(f, dyad, actor=actor)["count"]
        stmt = select(func.count()).where(and_(_scope(f, actor, dyad), _sides(sides)))
        with self._read() as conn:
            return int(conn.execute(stmt.select_from(events)).scalar_one())

    def latest_events(
        self,
        f: EventFilter,
        *,
        limit: int,
        actor: str | None = None,
        dyad: Dyad | None = None,
        with_titles: bool = False,
        before: tuple[date | None, int] | None = None,
    ) -> list[Event]:
        """Most recent first (undated last, ties by newest id); with ``before`` (the date
        and id of the last event of the previous page) the ones after it in that order.

        Each way an event can be in scope (as source, as target, one direction of a dyad)
        is read newest-first along its own index and cut at ``limit``; only those few
        candidates are merged, so an actor with a million events costs a few index seeks.
        """
        c = events.c
        where = filter_clause(f)
        branches = []
        for way in _ways(actor, dyad):
            for dated in (True, False):
                after = _newest_after(before, dated)
                if after is None:
                    continue
                # Undated events too are ordered by (date, id), all dates being NULL: that
                # is the index's order, so PostgreSQL reads its last entries backwards
                # instead of sorting every undated event of the actor (0.5 s at 10M).
                branch = (
                    select(c.id, c.date)
                    .where(where, way, c.date.is_not(None) if dated else c.date.is_(None), after)
                    .order_by(c.date.desc(), c.id.desc())
                    .limit(limit)
                    .subquery()
                )
                branches.append(select(branch.c.id, branch.c.date))
        if not branches:
            return []
        merged = union_all(*branches).subquery("candidates")
        m = merged.c
        pick = select(m.id).order_by(m.date.is_(None), m.date.desc(), m.id.desc()).limit(limit)
        with self._read() as conn:
            ids = [r.id for r in conn.execute(pick)]
            if not ids:
                return []
            rows = conn.execute(_event_select(with_titles).where(c.id.in_(ids))).all()
        by_id = {r.id: _event(r, with_titles) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def event_reports(self, event_id: int) -> list[tuple[Event, Article]] | None:
        """The reports of the event row ``event_id`` belongs to (that of its event when it
        is a report): the canonical row first, then the other articles' in the order they
        arrived — one row per article (the coder may code one sentence twice) — each with
        its article (text left out); None when no event row has that id."""
        c = events.c
        with self._read() as conn:
            found = conn.execute(select(c.id, c.event_id).where(c.id == event_id)).first()
            if found is None:
                return None
            canonical = found.event_id if found.event_id is not None else found.id
            a = articles.c
            meta_columns = (a.id, a.title, a.url, a.source, a.published, a.content_hash)
            stmt = (
                select(*EVENT_SELECT, *meta_columns)
                .select_from(events.join(articles, a.id == c.article_id))
                .where(linker.reports_of(canonical))
                .order_by(c.event_id.is_not(None), c.id)
            )
            rows = conn.execute(stmt).all()
        width = len(EVENT_SELECT)
        firsts = {r[width]: r for r in reversed(rows)}  # the first row of each article
        return [
            (event_from_row(r), Article(r[width], "", *r[width + 1 : width + 5], r[width + 5]))
            for r in rows
            if firsts[r[width]] is r
        ]

    # -- aggregates (GROUP BYs over the rollups: see aggregates.py) ---------------------------

    def actor_counts(self, f: EventFilter) -> list[tuple[str, int, int, int]]:
        """(code, events, as source, as target) for every actor with a matching event."""
        with self._read() as conn:
            rows = conn.execute(agg.actor_counts(f))
            return [(r.code, int(r.event_count), int(r.as_source), int(r.as_target)) for r in rows]

    def actor_spans(self, f: EventFilter) -> dict[str, tuple[date | None, date | None]]:
        """code -> (first, last) date of its matching events, for every actor with one
        (``min_count`` applied, as in ``actor_counts``); (None, None) when none is dated."""
        with self._read() as conn:
            rows = conn.execute(agg.actor_spans(f))
            return {r.code: (_as_date(r.first_date), _as_date(r.last_date)) for r in rows}

    def partner_counts(self, code: str, f: EventFilter) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(agg.partner_counts(code, f)).mappings()
            return [_numbers(r) for r in rows]

    def partner_months(
        self, code: str, f: EventFilter, partners: Sequence[str]
    ) -> dict[str, dict[int, int]]:
        """partner -> {yyyymm: events} of ``code`` with each of ``partners`` (dated events;
        months without any left out), in one query."""
        found: dict[str, dict[int, int]] = {p: {} for p in partners}
        if not partners:
            return found
        with self._read() as conn:
            for row in conn.execute(agg.partner_months(code, f, partners)):
                if row.partner in found:
                    found[row.partner][int(row.month)] = int(row.n)
        return found

    def counts_by(
        self, column: str, f: EventFilter, *, actor: str | None = None, dyad: Dyad | None = None
    ) -> dict[Any, int]:
        """Event counts by ``code``, ``root`` or ``quad_class`` within the scope (keys
        without events left out)."""
        scope = Scope(actor, dyad)
        if column == "code":
            with self._read() as conn:
                rows = conn.execute(agg.code_counts(f, scope))
                return {r.code: int(r.n) for r in rows if r.n}
        sums = self._scope_sums(f, scope)
        if column == "root":
            return dict(sums.by_root)
        if column == "quad_class":
            return {q: n for q, n in sums.by_quad_class.items() if n}
        raise ValueError(f"no counts by {column!r}")

    def dyad_totals(
        self, f: EventFilter, dyad: Dyad | None = None, *, actor: str | None = None
    ) -> dict[str, Any]:
        """count, mean_goldstein, cooperation, conflict, first_date, last_date of a scope."""
        s = self._scope_sums(f, Scope(actor, dyad))
        q = s.by_quad_class
        return {
            "count": s.count,
            "mean_goldstein": s.goldstein_sum / s.count if s.count else None,
            "cooperation": q.get(1, 0) + q.get(2, 0),
            "conflict": q.get(3, 0) + q.get(4, 0),
            "first_date": s.first_date,
            "last_date": s.last_date,
        }

    def _scope_sums(self, f: EventFilter, scope: Scope) -> DyadSums:
        with self._read() as conn:
            row = conn.execute(agg.scope_sums(f, scope)).one()
        return _sums("", "", row)

    def dyad_sums(
        self, f: EventFilter, *, pairs: Sequence[tuple[str, str]] | None = None
    ) -> list[DyadSums]:
        """The matching events summed per ordered pair (pairs under ``min_count`` left
        out): what the dyad graph is made of; only those of ``pairs`` when given."""
        if pairs is not None and not pairs:
            return []
        if pairs is None:
            with self._read() as conn:
                return _all_sums(conn.execute(agg.dyad_sums(f)))
        wanted = set(pairs)
        with self._read() as conn:
            found = _all_sums(conn.execute(agg.dyad_sums(f, Scope(pairs=tuple(wanted)))))
        return [s for s in found if (s.source, s.target) in wanted]

    def dyad_counts(self, f: EventFilter) -> list[tuple[str, str, int]]:
        """(source, target, events) of every pair ``dyad_sums`` holds, and nothing else."""
        with self._read() as conn:
            return [(r[0], r[1], int(r[2])) for r in conn.execute(agg.dyad_counts(f))]

    def monthly_counts(
        self, f: EventFilter, *, actor: str | None = None, dyad: Dyad | None = None
    ) -> list[tuple[int, tuple[int, int, int, int], float]]:
        """(yyyymm, events per quad class 1-4, Goldstein sum) of the dated events."""
        with self._read() as conn:
            rows = conn.execute(agg.monthly(f, Scope(actor, dyad)))
            return [(int(r.month), _quads(r), float(r.goldstein_sum or 0)) for r in rows]

    def daily_counts(
        self, f: EventFilter, *, actor: str | None = None, dyad: Dyad | None = None
    ) -> list[tuple[date, tuple[int, int, int, int], float]]:
        """(date, events per quad class 1-4, Goldstein sum) of the dated events."""
        with self._read() as conn:
            rows = conn.execute(agg.daily(_scope(f, actor, dyad)))
            return [(r.date, _quads(r), float(r.goldstein_sum or 0)) for r in rows]

    def recent_by_dyad(
        self, f: EventFilter, dyads: Iterable[tuple[str, str]], *, per_dyad: int
    ) -> dict[tuple[str, str], list[Event]]:
        """The ``per_dyad`` most recent matching events of each ordered pair (one index
        range per pair: (source, target, date, id))."""
        c = events.c
        pairs = list(dict.fromkeys(dyads))
        found: dict[tuple[str, str], list[Event]] = {pair: [] for pair in pairs}
        if not pairs:
            return found
        if self.dialect == "postgresql":
            # One round trip: a LATERAL subquery seeks each pair's index range server-side.
            d = values(column("s", String), column("t", String), name="d").data(pairs)
            recent = (
                select(*EVENT_SELECT)
                .where(c.source == d.c.s, c.target == d.c.t, filter_clause(f))
                .order_by(c.date.desc(), c.id.desc())
                .limit(per_dyad)
                .lateral("recent")
            )
            stmt = select(recent).select_from(d.join(recent, true()))
            with self._read() as conn:
                for row in conn.execute(stmt):
                    found[(row.source, row.target)].append(event_from_row(row))
            return found
        # SQLite, in process: one statement, compiled once, run per pair.
        stmt = (
            select(*EVENT_SELECT)
            .where(c.source == bindparam("s"), c.target == bindparam("t"), filter_clause(f))
            .order_by(c.date.desc(), c.id.desc())
            .limit(per_dyad)
        )
        with self._read() as conn:
            for source, target in pairs:
                rows = conn.execute(stmt, {"s": source, "t": target})
                found[(source, target)] = [event_from_row(r) for r in rows]
        return found

    # -- windows (relationship change: analysis/changes.py) ----------------------------------

    def last_event_date(self) -> date | None:
        with self._read() as conn:
            return conn.scalar(select(func.max(events.c.date)))

    def window_sums(
        self, starts: Sequence[date], end: date, *, min_confidence: float = 0.0
    ) -> list[tuple[str, str, int, int, float, float]]:
        """(a, b, window, events, Goldstein sum, sum of squares) per unordered dyad and
        window with events (see store/windows.py)."""
        with self._read() as conn:
            rows = conn.execute(windows.window_sums(starts, end, min_confidence=min_confidence))
            return [
                (r.a, r.b, int(r.window), int(r.n), float(r.goldstein_sum),
                 float(r.goldstein_squares))
                for r in rows
            ]  # fmt: skip

    def extreme_events(
        self,
        pair: tuple[str, str],
        start: date,
        end: date,
        *,
        lowest: bool,
        limit: int,
        min_confidence: float = 0.0,
    ) -> list[Event]:
        """A dyad's events between the dates with the lowest (or highest) Goldstein."""
        stmt = windows.extreme_events(
            pair, start, end, lowest=lowest, limit=limit, min_confidence=min_confidence
        )
        with self._read() as conn:
            ids = list(conn.scalars(stmt))
            if not ids:
                return []
            rows = conn.execute(_event_select(True).where(events.c.id.in_(ids))).all()
        by_id = {r.id: _event(r, True) for r in rows}
        return [by_id[i] for i in ids if i in by_id]


def _ways(actor: str | None, dyad: Dyad | None) -> list[ColumnElement[bool]]:
    """Disjoint conditions whose union is the scope, each served by one events index."""
    c = events.c
    if dyad is not None:
        a, b, directed = dyad
        ways = [and_(c.source == a, c.target == b)]
        if a != b:  # directed: b→a's symmetric events hold for a→b too (aggregates.Scope)
            backward = and_(c.source == b, c.target == a)
            ways.append(backward if not directed else and_(backward, c.symmetric == true()))
        if actor is not None:
            ways = [and_(w, or_(c.source == actor, c.target == actor)) for w in ways]
        return ways
    if actor is not None:
        return [c.source == actor, and_(c.target == actor, c.source != actor)]
    return [true()]


def _newest_after(
    before: tuple[date | None, int] | None, dated: bool
) -> ColumnElement[bool] | None:
    """Of the dated or undated events, those after ``before`` in newest-first order (undated
    last); None when there are none (a page that starts among the undated ones)."""
    c = events.c
    if before is None:
        return true()
    day, last_id = before
    if day is None:
        return c.id < last_id if not dated else None
    if not dated:
        return true()
    # "date <= day" is a range on the (…, date, id) indexes; only that day's ids are checked
    return and_(c.date <= day, or_(c.date < day, c.id < last_id))


Sides = tuple[str | None, str | None]  # (source, target) as stored; None: either


def _sides(sides: Sides) -> ColumnElement[bool]:
    source, target = sides
    parts = [events.c.source == source] if source is not None else []
    parts += [events.c.target == target] if target is not None else []
    return and_(true(), *parts)


def _scope(f: EventFilter, actor: str | None, dyad: Dyad | None) -> ColumnElement[bool]:
    return and_(filter_clause(f), Scope(actor, dyad).clause(events))


def _as_date(value: Any) -> date | None:
    """A date from a dialect that may hand back ISO text through a UNION (SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _event_select(with_titles: bool) -> Select:
    if not with_titles:
        return select(*EVENT_SELECT)
    joined = events.outerjoin(articles, articles.c.id == events.c.article_id)
    return select(*EVENT_SELECT, articles.c.title).select_from(joined)


def _event(row: Any, with_title: bool) -> Event:
    event = event_from_row(row)
    if with_title and row[-1] is not None:
        event.extra["article_title"] = row[-1]
    return event


def _quads(row: Any) -> tuple[int, int, int, int]:
    return (int(row.n_q1 or 0), int(row.n_q2 or 0), int(row.n_q3 or 0), int(row.n_q4 or 0))


def _all_sums(result: Any) -> list[DyadSums]:
    at = _sum_positions(tuple(result.keys()))
    return [_sums(r[0], r[1], r, at) for r in result]


def _sums(source: str, target: str, row: Any, at: dict[str, Any] | None = None) -> DyadSums:
    """A DyadSums from a row of rollup sums (NULL sums of an empty scope read as 0). Read
    by position — 30 name lookups per row cost more than the query for 30k pairs; pass
    the positions (``_sum_positions`` of the result's keys) when converting many rows."""
    at = at or _sum_positions(row._fields)
    n_q = [int(row[i] or 0) for i in at["quads"]]
    roots = {r: int(n) for r, i in at["roots"] if (n := row[i])}
    return DyadSums(
        source,
        target,
        int(row[at["n"]] or 0),
        {1: n_q[0], 2: n_q[1], 3: n_q[2], 4: n_q[3]},
        roots,
        int(row[at["symmetric_n"]] or 0),
        float(row[at["goldstein_sum"]] or 0.0),
        row[at["first_date"]],
        row[at["last_date"]],
        float(row[at["confidence_sum"]] or 0.0),
    )


@functools.cache
def _sum_positions(fields: tuple[str, ...]) -> dict[str, Any]:
    index = {name: i for i, name in enumerate(fields)}
    return {
        **{name: index[name] for name in ("n", "symmetric_n", "goldstein_sum", "confidence_sum")},
        "first_date": index["first_date"],
        "last_date": index["last_date"],
        "quads": [index[f"n_q{q}"] for q in QUADS],
        "roots": [(r, index[f"n_r{r}"]) for r in ROOTS],
    }


def _numbers(row: Any) -> dict[str, Any]:
    """Normalise driver types (Decimal sums on PostgreSQL, None on empty sets)."""
    out = dict(row)
    for key in ("count", "cooperation", "conflict"):
        if key in out:
            out[key] = int(out[key] or 0)
    if out.get("mean_goldstein") is not None:
        out["mean_goldstein"] = float(out["mean_goldstein"])
    return out


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
