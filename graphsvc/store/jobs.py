"""The ingestion queue in the store: jobs of article inputs, leased to extraction workers.

Claiming is one atomic statement: ``UPDATE jobs … WHERE id = (SELECT … LIMIT 1) RETURNING``.
PostgreSQL locks the chosen row with ``FOR UPDATE SKIP LOCKED`` so concurrent workers take
different jobs; SQLite runs the statement under its single write lock (SQLAlchemy leaves the
FOR UPDATE out there). A running job whose lease has expired (its worker was killed) is
claimable again; one that has used up its attempts is marked failed instead.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Connection, and_, func, insert, or_, select, update

from graphsvc.errors import NotFound, QueueFull
from graphsvc.jobs import ClaimedJob, ItemResult, Job, JobItem, NewItem, item_to_payload
from graphsvc.store.schema import job_items, jobs
from graphsvc.store.store import Store

ACTIVE = ("queued", "running")
MAX_ATTEMPTS = 3
RETRY_AFTER_MAX = 60


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class JobQueue:
    """Jobs and their items in the store's database (same engine, same transactions rules)."""

    def __init__(self, store: Store, *, max_attempts: int = MAX_ATTEMPTS) -> None:
        self.store = store
        self.max_attempts = max_attempts

    # -- producers ------------------------------------------------------------------------

    def enqueue(
        self,
        items: Sequence[NewItem],
        *,
        max_pending: int | None = None,
        seconds_per_item: float = 0.05,
    ) -> Job:
        """Store a job of ``items`` (unusable ones already failed with their error) and
        return it as stored. Raises QueueFull when the queue would hold more than ``max_pending``
        items; the check runs after the insert in the same transaction, so on SQLite (one
        writer at a time) the bound is exact and a refused job leaves nothing behind."""
        job_id = uuid.uuid4().hex
        now = _now()
        usable = sum(1 for i in items if i.item is not None)
        rows = [_item_row(job_id, i) for i in items]
        job = {
            "id": job_id,
            "status": "queued" if usable else "done",
            "total": len(items),
            "done": 0,
            "failed": len(items) - usable,
            "attempts": 0,
            "error": None,
            "worker": None,
            "lease_until": None,
            "created_at": now,
            "updated_at": now,
        }
        with self.store._write() as conn:
            conn.execute(insert(jobs).values(job))
            if rows:
                conn.execute(insert(job_items), rows)
            if max_pending is not None and usable:
                pending = self._pending(conn)
                if pending > max_pending:  # raising rolls the insert back
                    waiting = pending - usable
                    retry = min(RETRY_AFTER_MAX, max(1, math.ceil(waiting * seconds_per_item)))
                    raise QueueFull(
                        f"The ingestion queue is full ({waiting} articles waiting, at most "
                        f"{max_pending}); retry in {retry} s.",
                        retry_after=retry,
                    )
        return _job(job, [_job_item(r) for r in rows])

    @staticmethod
    def _pending(conn: Connection) -> int:
        j = jobs.c
        stmt = select(func.coalesce(func.sum(j.total - j.done - j.failed), 0)).where(
            j.status.in_(ACTIVE)
        )
        return int(conn.scalar(stmt) or 0)

    def pending_items(self) -> int:
        """Items of queued and running jobs not handled yet."""
        with self.store._read() as conn:
            return self._pending(conn)

    def get(self, job_id: str) -> Job:
        with self.store._read() as conn:
            row = conn.execute(select(jobs).where(jobs.c.id == job_id)).mappings().first()
            if row is None:
                raise NotFound(f"No job with id '{job_id}'.")
            items = conn.execute(
                select(job_items).where(job_items.c.job_id == job_id).order_by(job_items.c.seq)
            ).mappings()
            return _job(row, [_job_item(r) for r in items])

    # -- workers --------------------------------------------------------------------------

    def claim(self, worker: str, *, lease_seconds: float) -> ClaimedJob | None:
        """Lease the oldest claimable job to ``worker``, or None when there is none."""
        now = _now()
        self._fail_abandoned(now)
        j = jobs.c
        claimable = or_(j.status == "queued", and_(j.status == "running", j.lease_until < now))
        oldest = (
            select(j.id)
            .where(claimable)
            .order_by(j.created_at, j.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        lease = now + timedelta(seconds=lease_seconds)
        stmt = (
            update(jobs)
            .where(j.id == oldest)
            .values(
                status="running",
                worker=worker,
                lease_until=lease,
                attempts=j.attempts + 1,
                updated_at=now,
            )
            .returning(j.id, j.attempts)
        )
        with self.store._write() as conn:
            row = conn.execute(stmt).first()
        return None if row is None else ClaimedJob(row.id, int(row.attempts), lease)

    def _fail_abandoned(self, now: datetime) -> None:
        """Jobs whose lease expired on their last attempt: a worker died on each of them."""
        j = jobs.c
        stale = and_(j.status == "running", j.lease_until < now, j.attempts >= self.max_attempts)
        with self.store._write() as conn:
            ids = [r.id for r in conn.execute(select(j.id).where(stale))]
            for job_id in ids:
                detail = f"gave up after {self.max_attempts} attempts (the worker stopped)"
                self._give_up(conn, job_id, detail, now)

    def pending_of(self, job_id: str) -> list[tuple[int, dict[str, Any]]]:
        """(seq, payload) of the job's items not handled yet, in order."""
        ji = job_items.c
        stmt = (
            select(ji.seq, ji.payload)
            .where(ji.job_id == job_id, ji.status == "pending")
            .order_by(ji.seq)
        )
        with self.store._read() as conn:
            return [(r.seq, orjson.loads(r.payload)) for r in conn.execute(stmt)]

    def renew(self, job_id: str, worker: str, *, lease_seconds: float) -> bool:
        """Extend the lease; False when ``worker`` no longer holds the job."""
        now = _now()
        j = jobs.c
        stmt = (
            update(jobs)
            .where(j.id == job_id, j.worker == worker, j.status == "running")
            .values(lease_until=now + timedelta(seconds=lease_seconds), updated_at=now)
        )
        with self.store._write() as conn:
            return conn.execute(stmt).rowcount == 1

    def record(self, job_id: str, results: Sequence[ItemResult]) -> None:
        """Record item results and the job's counts in one transaction. Items already
        handled (by a worker that lost its lease) are left as they are and not re-counted."""
        if not results:
            return
        ji = job_items.c
        done = failed = 0
        with self.store._write() as conn:
            for r in results:
                changed = conn.execute(
                    update(job_items)
                    .where(ji.job_id == job_id, ji.seq == r.seq, ji.status == "pending")
                    .values(
                        status="failed" if r.error else "done",
                        article_id=r.article_id,
                        created=None if r.error else r.created,
                        events=None if r.error else r.events,
                        error=r.error,
                    )
                ).rowcount
                if changed:
                    failed += bool(r.error)
                    done += not r.error
            j = jobs.c
            conn.execute(
                update(jobs)
                .where(j.id == job_id)
                .values(done=j.done + done, failed=j.failed + failed, updated_at=_now())
            )

    def finish(self, job_id: str, worker: str) -> None:
        """Mark the job done (its items are all handled) and drop the lease."""
        j = jobs.c
        with self.store._write() as conn:
            conn.execute(
                update(jobs)
                .where(j.id == job_id, j.worker == worker, j.status == "running")
                .values(status="done", lease_until=None, updated_at=_now())
            )

    def release(self, job_id: str, worker: str, *, error: str | None = None) -> None:
        """Give the job back. Without ``error`` (a clean stop) the attempt is not counted;
        with one, the job is queued again, or failed once it has used its attempts."""
        j = jobs.c
        now = _now()
        mine = and_(j.id == job_id, j.worker == worker, j.status == "running")
        with self.store._write() as conn:
            attempts = conn.scalar(select(j.attempts).where(mine))
            if attempts is None:
                return  # the lease was lost meanwhile: the job is someone else's
            if error is not None and attempts >= self.max_attempts:
                self._give_up(conn, job_id, error, now)
                return
            conn.execute(
                update(jobs)
                .where(mine)
                .values(
                    status="queued",
                    worker=None,
                    lease_until=None,
                    error=error,
                    attempts=j.attempts if error is not None else j.attempts - 1,
                    updated_at=now,
                )
            )

    @staticmethod
    def _give_up(conn: Connection, job_id: str, error: str, now: datetime) -> None:
        ji = job_items.c
        left = conn.execute(
            update(job_items)
            .where(ji.job_id == job_id, ji.status == "pending")
            .values(status="failed", error=error)
        ).rowcount
        j = jobs.c
        conn.execute(
            update(jobs)
            .where(j.id == job_id)
            .values(
                status="failed",
                error=error,
                failed=j.failed + left,
                lease_until=None,
                updated_at=now,
            )
        )


def _item_row(job_id: str, item: NewItem) -> dict[str, Any]:
    usable = item.item is not None
    return {
        "job_id": job_id,
        "seq": item.index,
        "line": item.line,
        "payload": orjson.dumps(item_to_payload(item.item)).decode() if item.item else None,
        "status": "pending" if usable else "failed",
        "article_id": None,
        "created": None,
        "events": None,
        "error": None if usable else (item.error or "unusable item"),
    }


def _job(row: Any, items: list[JobItem]) -> Job:
    return Job(
        id=row["id"],
        status=row["status"],
        total=int(row["total"]),
        done=int(row["done"]),
        failed=int(row["failed"]),
        attempts=int(row["attempts"]),
        error=row["error"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        worker=row["worker"],
        lease_until=row["lease_until"],
        items=items,
    )


def _job_item(row: Any) -> JobItem:
    return JobItem(
        seq=int(row["seq"]),
        line=row["line"],
        status=row["status"],
        article_id=row["article_id"],
        created=row["created"],
        events=row["events"],
        error=row["error"],
    )
