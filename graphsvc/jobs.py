"""Domain records of the ingestion queue (no SQLAlchemy, no FastAPI): a job is a list of
article inputs waiting for, or done by, an extraction worker."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from graphsvc.models import ArticleInput, Provenance

# Job states: queued (waiting, or returned by an expired lease), running (leased to a worker),
# done (every item stored or reported), failed (gave up after too many attempts).
JOB_STATES = ("queued", "running", "done", "failed")
# Item states: pending (not handled yet), done (stored or found stored), failed (its error).
ITEM_STATES = ("pending", "done", "failed")


def item_to_payload(item: ArticleInput) -> dict[str, Any]:
    """The JSON-able form of an article input, as a job keeps it."""
    return {
        "text": item.text,
        "id": item.id,
        "title": item.title,
        "url": item.url,
        "source": item.source,
        "published": item.published.isoformat() if item.published else None,
        "provenance": _provenance_payload(item.provenance),
    }


def _provenance_payload(provenance: Provenance | None) -> dict[str, Any] | None:
    if provenance is None:
        return None
    payload = asdict(provenance)
    if provenance.fetched_at is not None:
        payload["fetched_at"] = provenance.fetched_at.isoformat()
    return payload


def _provenance_from(payload: dict[str, Any] | None) -> Provenance | None:
    """The item's provenance (jobs queued before provenance existed have none)."""
    if not payload:
        return None
    fetched_at = payload.get("fetched_at")
    fields = {k: payload.get(k) for k in Provenance.__dataclass_fields__}
    fields["fetched_at"] = datetime.fromisoformat(fetched_at) if fetched_at else None
    return Provenance(**fields)


def item_from_payload(payload: dict[str, Any]) -> ArticleInput:
    published = payload.get("published")
    return ArticleInput(
        text=payload["text"],
        id=payload.get("id"),
        title=payload.get("title"),
        url=payload.get("url"),
        source=payload.get("source"),
        published=date.fromisoformat(published) if published else None,
        provenance=_provenance_from(payload.get("provenance")),
    )


@dataclass(frozen=True)
class NewItem:
    """An item to enqueue: an article input, or the error that makes it unusable.

    ``line`` is the JSONL line (None for a JSON array or a single article); ``index`` is the
    item's 0-based position in the request.
    """

    index: int
    line: int | None
    item: ArticleInput | None = None
    error: str | None = None


@dataclass(frozen=True)
class ItemResult:
    """What a worker did with one item: stored (created or found) or failed with an error."""

    seq: int
    article_id: str | None = None
    created: bool = False
    events: int = 0
    error: str | None = None


@dataclass(frozen=True)
class JobItem:
    seq: int
    line: int | None
    status: str
    article_id: str | None
    created: bool | None
    events: int | None
    error: str | None


@dataclass(frozen=True)
class Job:
    id: str
    status: str
    total: int
    done: int
    failed: int
    attempts: int
    error: str | None
    created_at: datetime
    updated_at: datetime
    worker: str | None = None
    lease_until: datetime | None = None
    items: list[JobItem] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return self.total - self.done - self.failed


@dataclass(frozen=True)
class ClaimedJob:
    """A job leased to a worker: its id, the attempt number (1 = first) and the lease."""

    id: str
    attempts: int
    lease_until: datetime
