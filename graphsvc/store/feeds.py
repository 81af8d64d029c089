"""Followed feeds and the entries they have shown, in the store's database.

A poller claims a due feed with one atomic statement, as store/jobs.py claims jobs:
``UPDATE feeds SET next_due_at = now + lease WHERE id = (SELECT … next_due_at <= now LIMIT 1)
RETURNING``. PostgreSQL locks the chosen row with ``FOR UPDATE SKIP LOCKED``; SQLite runs the
statement under its single write lock. So two schedulers (two ``serve`` processes, or
``serve`` and ``graphsvc follow``) never poll one feed at once: the second sees it due only
after the lease (or the recorded poll) has moved it ahead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from graphsvc.errors import Conflict, NotFound
from graphsvc.feed_records import Feed, PollOutcome, SeenEntry
from graphsvc.store.schema import feed_entries, feeds
from graphsvc.store.store import Store


def utcnow() -> datetime:
    """Naive UTC, as every time in the store."""
    return datetime.now(UTC).replace(tzinfo=None)


class FeedStore:
    """Feeds and feed entries in the store's database (same engine and locking)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- the registry ---------------------------------------------------------------------

    def add(self, url: str, *, interval_s: int, title: str | None = None) -> Feed:
        """Register a feed, due at once. Conflict when the URL is registered already."""
        now = utcnow()
        row = {
            "url": url,
            "title": title,
            "interval_s": interval_s,
            "enabled": True,
            "last_status": "new",
            "consecutive_failures": 0,
            "next_due_at": now,
            "articles_added": 0,
            "created_at": now,
        }
        try:
            with self.store._write() as conn:
                if conn.scalar(select(feeds.c.id).where(feeds.c.url == url)) is not None:
                    raise _duplicate(url)
                new_id = conn.execute(insert(feeds).values(row).returning(feeds.c.id)).scalar_one()
        except IntegrityError:  # registered by someone else between the check and the insert
            raise _duplicate(url) from None
        return self.get(int(new_id))

    def get(self, feed_id: int) -> Feed:
        with self.store._read() as conn:
            row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).mappings().first()
        if row is None:
            raise NotFound(f"No feed with id {feed_id}.")
        return feed_from_row(row)

    def list(self) -> list[Feed]:
        with self.store._read() as conn:
            rows = conn.execute(select(feeds).order_by(feeds.c.id)).mappings().all()
        return [feed_from_row(r) for r in rows]

    def remove(self, feed_id: int) -> None:
        """Forget a feed and its entries (its articles stay). NotFound when unknown."""
        with self.store._write() as conn:
            conn.execute(delete(feed_entries).where(feed_entries.c.feed_id == feed_id))
            if conn.execute(delete(feeds).where(feeds.c.id == feed_id)).rowcount == 0:
                raise NotFound(f"No feed with id {feed_id}.")

    def make_due(self, feed_id: int) -> Feed:
        """Poll it at the next look of a scheduler (and forgive its backoff)."""
        with self.store._write() as conn:
            changed = conn.execute(
                update(feeds).where(feeds.c.id == feed_id).values(next_due_at=utcnow())
            ).rowcount
        if not changed:
            raise NotFound(f"No feed with id {feed_id}.")
        return self.get(feed_id)

    # -- pollers --------------------------------------------------------------------------

    def claim_next(
        self, *, lease_s: float, exclude: Iterable[int] = (), now: datetime | None = None
    ) -> Feed | None:
        """The most overdue enabled feed (not one of ``exclude``), leased to the caller for
        ``lease_s`` seconds (its next_due_at moves ahead by that much), or None when no feed
        is due."""
        now = now or utcnow()
        f = feeds.c
        due = (f.enabled.is_(True)) & (f.next_due_at <= now)
        skipped = sorted(set(exclude))
        if skipped:
            due = due & f.id.not_in(skipped)
        with self.store._read() as conn:  # the common case (nothing due) takes no write lock
            if conn.scalar(select(f.id).where(due).limit(1)) is None:
                return None
        oldest = (
            select(f.id)
            .where(due)
            .order_by(f.next_due_at, f.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        stmt = (
            update(feeds)
            .where(f.id == oldest, due)
            .values(next_due_at=now + timedelta(seconds=lease_s))
            .returning(*feeds.c)
        )
        with self.store._write() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else feed_from_row(row)

    def record_poll(self, feed_id: int, outcome: PollOutcome) -> None:
        """Store what a poll found; a feed removed meanwhile is left removed."""
        f = feeds.c
        values: dict[str, Any] = {
            "last_fetch_at": outcome.fetched_at,
            "last_status": outcome.status,
            "last_error": outcome.error,
            "next_due_at": outcome.next_due_at,
            "articles_added": f.articles_added + outcome.articles_added,
            "consecutive_failures": f.consecutive_failures + 1 if outcome.failed else 0,
        }
        if outcome.status in ("ok", "partial"):  # a 304 or a failure keeps the validators
            values["etag"] = outcome.etag
            values["last_modified"] = outcome.last_modified
        if outcome.title:
            values["title"] = func.coalesce(f.title, outcome.title)
        with self.store._write() as conn:
            conn.execute(update(feeds).where(f.id == feed_id).values(values))

    # -- entries --------------------------------------------------------------------------

    def seen(self, feed_id: int, keys: Iterable[str]) -> dict[str, SeenEntry]:
        """The entries among ``keys`` this feed has shown before."""
        wanted = sorted(set(keys))
        found: dict[str, SeenEntry] = {}
        e = feed_entries.c
        with self.store._read() as conn:
            for start in range(0, len(wanted), 400):
                chunk = wanted[start : start + 400]
                stmt = select(e.entry_key, e.article_id, e.attempts, e.error).where(
                    e.feed_id == feed_id, e.entry_key.in_(chunk)
                )
                for r in conn.execute(stmt):
                    found[r.entry_key] = SeenEntry(r.article_id, int(r.attempts), r.error)
        return found

    def record_entry(
        self, feed_id: int, key: str, *, article_id: str | None, error: str | None = None
    ) -> None:
        """Note an entry as seen, with the article it gave or the error that stopped it (a
        second failure of the same entry counts one more attempt)."""
        e = feed_entries.c
        now = utcnow()
        with self.store._write() as conn:
            if conn.scalar(select(feeds.c.id).where(feeds.c.id == feed_id)) is None:
                return  # removed while being polled: nothing to remember it by
            changed = conn.execute(
                update(feed_entries)
                .where(e.feed_id == feed_id, e.entry_key == key)
                .values(article_id=article_id, error=error, attempts=e.attempts + 1, seen_at=now)
            ).rowcount
            if not changed:
                conn.execute(
                    insert(feed_entries).values(
                        feed_id=feed_id,
                        entry_key=key,
                        seen_at=now,
                        article_id=article_id,
                        attempts=1,
                        error=error,
                    )
                )


def _duplicate(url: str) -> Conflict:
    return Conflict(f"The feed {url} is registered already.")


def feed_from_row(row: Any) -> Feed:
    return Feed(
        id=int(row["id"]),
        url=row["url"],
        title=row["title"],
        interval_s=int(row["interval_s"]),
        enabled=bool(row["enabled"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_fetch_at=row["last_fetch_at"],
        last_status=row["last_status"],
        last_error=row["last_error"],
        consecutive_failures=int(row["consecutive_failures"]),
        next_due_at=row["next_due_at"],
        articles_added=int(row["articles_added"]),
        created_at=row["created_at"],
    )
