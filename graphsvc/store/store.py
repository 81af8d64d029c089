"""The Store: articles, actors and events in SQLite or PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from graphsvc.errors import Conflict, InvalidInput
from graphsvc.models import Actor, Article, Event, EventFilter, content_hash
from graphsvc.store import aggregates as agg
from graphsvc.store.engine import DatabaseUnavailable, make_engine, shown_url, single_connection
from graphsvc.store.queries import (
    BAD_CURSOR,
    EVENT_SELECT,
    actor_from_row,
    actor_row,
    article_from_row,
    article_row,
    decode_cursor,
    dyad_clause,
    encode_cursor,
    event_from_row,
    event_row,
    filter_clause,
    involving,
    stored_event,
)
from graphsvc.store.schema import actors, articles, events, meta, metadata
from graphsvc.store.stream import CHUNK_ROWS, EventStream

Stored = tuple[Article, list[Event], bool]
Dyad = tuple[str, str, bool]  # (a, b, directed)


class Store:
    """Persistent articles/actors/events. Every write bumps ``version`` in the same transaction."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        # One shared connection cannot hold interleaved transactions of several threads.
        self._lock: AbstractContextManager[object] = (
            threading.RLock() if single_connection(self.engine) else nullcontext()
        )
        try:
            metadata.create_all(self.engine)
            self._init_meta()
        except DBAPIError as exc:
            # The first contact with the database: a server down or a file that cannot be
            # opened ends here, as one sentence rather than a driver traceback.
            self.engine.dispose()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            raise DatabaseUnavailable(
                f"Cannot open the database {shown_url(url)}: {reason}."
            ) from None

    def _init_meta(self) -> None:
        with self._write() as conn:
            if conn.scalar(select(meta.c.value).where(meta.c.key == "version")) is not None:
                return
        try:
            with self._write() as conn:
                conn.execute(insert(meta).values(key="version", value=0))
        except IntegrityError:
            pass  # another process created it first

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

    @property
    def version(self) -> int:
        with self._read() as conn:
            return int(conn.scalar(select(meta.c.value).where(meta.c.key == "version")) or 0)

    @staticmethod
    def _bump(conn: Connection) -> None:
        conn.execute(update(meta).where(meta.c.key == "version").values(value=meta.c.value + 1))

    # -- articles -------------------------------------------------------------------------

    def add_article(self, article: Article, events_: Iterable[Event]) -> Stored:
        """Store an article with its events in one transaction; idempotent.

        Returns (article, events, created). An existing article with the same id or the same
        content hash is returned as stored (created=False); the same id with different text
        raises Conflict.
        """
        if not article.content_hash:
            article = replace(article, content_hash=content_hash(article.text))
        rows = [event_row(e, article.id) for e in events_]
        try:
            with self._write() as conn:
                existing = self._existing(conn, article)
                if existing is not None:
                    return existing
                conn.execute(insert(articles).values(article_row(article, _now())))
                ids = self._insert_events(conn, rows)
                self._bump(conn)
        except IntegrityError:
            # A concurrent writer stored the same article between our check and insert.
            with self._read() as conn:
                existing = self._existing(conn, article)
            if existing is None:
                raise
            return existing
        stored = [stored_event(row, i) for row, i in zip(rows, ids, strict=True)]
        return article, stored, True

    @staticmethod
    def _insert_events(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        stmt = insert(events).returning(events.c.id, sort_by_parameter_order=True)
        return [r.id for r in conn.execute(stmt, rows)]

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
        self, *, limit: int, cursor: str | None = None
    ) -> tuple[list[Article], str | None]:
        """Newest first, keyset-paginated on (created_at, id)."""
        a = articles.c
        stmt = select(articles).order_by(a.created_at.desc(), a.id.desc()).limit(limit + 1)
        if cursor:
            stamp, last_id = decode_cursor(cursor, (str, str))
            at = _parse_stamp(stamp)
            stmt = stmt.where(or_(a.created_at < at, and_(a.created_at == at, a.id < last_id)))
        with self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
        page, more = rows[:limit], len(rows) > limit
        next_cursor = (
            encode_cursor([page[-1]["created_at"].isoformat(), page[-1]["id"]]) if more else None
        )
        return [article_from_row(r) for r in page], next_cursor

    def count_articles(self) -> int:
        with self._read() as conn:
            return int(conn.scalar(select(func.count()).select_from(articles)) or 0)

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and its events; False if there was none."""
        with self._write() as conn:
            # Explicit, so the events go even where foreign keys are not enforced.
            conn.execute(delete(events).where(events.c.article_id == article_id))
            deleted = conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount
            if deleted:
                self._bump(conn)
        return bool(deleted)

    # -- actors ---------------------------------------------------------------------------

    def upsert_actors(self, items: Iterable[Actor]) -> int:
        """Insert new actors and update changed ones; returns how many rows changed."""
        wanted = {a.code: actor_row(a) for a in items}
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
            return conn.scalar(select(events.c.id).where(involving(code)).limit(1)) is not None

    # -- events ---------------------------------------------------------------------------

    def query_events(
        self,
        f: EventFilter,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        actor: str | None = None,
        dyad: Dyad | None = None,
        with_titles: bool = False,
    ) -> tuple[list[Event], str | None]:
        """Events matching ``f`` ordered by id; keyset-paginated when ``limit`` is given.

        ``actor`` keeps events involving that code; ``dyad`` = (a, b, directed) keeps a pair's.
        ``with_titles`` puts the article title into ``event.extra["article_title"]``.
        """
        clause = _scope(f, actor, dyad)
        if cursor:
            (last_id,) = decode_cursor(cursor, (int,))
            clause = and_(clause, events.c.id > last_id)
        stmt = _event_select(with_titles).where(clause).order_by(events.c.id)
        if limit is not None:
            stmt = stmt.limit(limit + 1)
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        more = limit is not None and len(rows) > limit
        page = [_event(r, with_titles) for r in (rows[:limit] if more else rows)]
        next_cursor = encode_cursor([page[-1].id]) if more else None
        return page, next_cursor

    def stream_events(self, f: EventFilter, *, chunk_rows: int = CHUNK_ROWS) -> EventStream:
        """Every event matching ``f`` (min_count included) as row tuples in id order, in
        chunks, from a cursor opened now; close the stream to release its connection."""
        lock = self._lock if single_connection(self.engine) else None
        return EventStream(self.engine, f, lock=lock, chunk_rows=chunk_rows)

    def count_events(
        self, f: EventFilter, *, actor: str | None = None, dyad: Dyad | None = None
    ) -> int:
        stmt = select(func.count()).select_from(events).where(_scope(f, actor, dyad))
        with self._read() as conn:
            return int(conn.scalar(stmt) or 0)

    def latest_events(
        self,
        f: EventFilter,
        *,
        limit: int,
        actor: str | None = None,
        dyad: Dyad | None = None,
        with_titles: bool = False,
    ) -> list[Event]:
        """Most recent first (undated last, ties by newest id)."""
        c = events.c
        stmt = (
            _event_select(with_titles)
            .where(_scope(f, actor, dyad))
            .order_by(c.date.is_(None), c.date.desc(), c.id.desc())
            .limit(limit)
        )
        with self._read() as conn:
            return [_event(r, with_titles) for r in conn.execute(stmt)]

    # -- aggregates -----------------------------------------------------------------------

    def actor_counts(self, f: EventFilter) -> list[tuple[str, int, int, int]]:
        """(code, events, as source, as target) for every actor with a matching event."""
        with self._read() as conn:
            rows = conn.execute(agg.actor_counts(filter_clause(f)))
            return [(r.code, int(r.event_count), int(r.as_source), int(r.as_target)) for r in rows]

    def partner_counts(self, code: str, f: EventFilter) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(agg.partner_counts(code, filter_clause(f))).mappings()
            return [_numbers(r) for r in rows]

    def counts_by(
        self, column: str, f: EventFilter, *, actor: str | None = None, dyad: Dyad | None = None
    ) -> dict[Any, int]:
        """Event counts grouped by an events column within the scope."""
        with self._read() as conn:
            rows = conn.execute(agg.counts_by(events.c[column], _scope(f, actor, dyad)))
            return {r[0]: int(r[1]) for r in rows}

    def dyad_totals(self, f: EventFilter, dyad: Dyad) -> dict[str, Any]:
        """count, mean_goldstein, cooperation, conflict, first_date, last_date of a pair."""
        with self._read() as conn:
            return _numbers(conn.execute(agg.dyad_totals(_scope(f, None, dyad))).mappings().one())


def _scope(f: EventFilter, actor: str | None, dyad: Dyad | None) -> ColumnElement[bool]:
    parts = [filter_clause(f)]
    if actor is not None:
        parts.append(involving(actor))
    if dyad is not None:
        parts.append(dyad_clause(dyad[0], dyad[1], directed=dyad[2]))
    return and_(*parts)


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


def _parse_stamp(stamp: str) -> datetime:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError as exc:
        raise InvalidInput(BAD_CURSOR) from exc
