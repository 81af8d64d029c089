"""Wire models of the ingestion queue: the 202 answer and GET /jobs/{id}."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from graphsvc.jobs import Job, JobItem


class ItemError(BaseModel):
    index: int = Field(description="0-based position of the item in the request.")
    line: int | None = Field(None, description="Its line in a JSONL body.")
    error: str


class JobAccepted(BaseModel):
    """The answer of a queued write (202): where to follow the job."""

    id: str
    status: str = Field(description="queued, running, done or failed.")
    url: str = Field(description="GET it for progress and per-item results.")
    total: int = Field(description="Items in the request, refused ones included.")
    queued: int = Field(description="Items waiting for a worker.")
    errors: list[ItemError] = Field(description="Items refused on arrival (not queued).")

    @classmethod
    def build(cls, job: Job, url: str) -> JobAccepted:
        return cls(
            id=job.id,
            status=job.status,
            url=url,
            total=job.total,
            queued=job.pending,
            errors=[
                ItemError(index=i.seq, line=i.line, error=i.error or "")
                for i in job.items
                if i.status == "failed"
            ],
        )


class JobItemPublic(BaseModel):
    index: int
    line: int | None
    status: str = Field(description="pending, done or failed.")
    article_id: str | None
    created: bool | None = Field(description="True when this job stored the article.")
    events: int | None = Field(description="Events of the stored article.")
    error: str | None

    @classmethod
    def from_domain(cls, item: JobItem) -> JobItemPublic:
        return cls(
            index=item.seq,
            line=item.line,
            status=item.status,
            article_id=item.article_id,
            created=item.created,
            events=item.events,
            error=item.error,
        )


class JobPublic(BaseModel):
    id: str
    status: str = Field(description="queued, running, done or failed.")
    total: int
    done: int = Field(description="Items stored (or found already stored).")
    failed: int = Field(description="Items that failed, with their error below.")
    pending: int
    attempts: int = Field(description="Times a worker has taken the job.")
    error: str | None = Field(description="Why the last attempt failed, if it did.")
    created_at: datetime = Field(description="UTC, with its offset (RFC 3339).")
    updated_at: datetime = Field(description="UTC, with its offset (RFC 3339).")
    items: list[JobItemPublic]

    @classmethod
    def from_domain(cls, job: Job) -> JobPublic:
        return cls(
            id=job.id,
            status=job.status,
            total=job.total,
            done=job.done,
            failed=job.failed,
            pending=job.pending,
            attempts=job.attempts,
            error=job.error,
            created_at=_utc(job.created_at),
            updated_at=_utc(job.updated_at),
            items=[JobItemPublic.from_domain(i) for i in job.items],
        )


def _utc(moment: datetime) -> datetime:
    """The store keeps naive UTC times; the API says so (an RFC 3339 date-time needs an
    offset)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
