"""Schemas of an event's reports (GET /events/{id}/reports) and the `unit` parameter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from graphsvc.api.schemas import EXAMPLE_EVENT, EventPublic, _example
from graphsvc.models import Article, Event, EventFilter

UNIT_DESCRIPTION = (
    "`events` (default): one row per event, an event reported by several articles once "
    "(its `reports` says by how many); `reports`: every article's row, reports of one event "
    "sharing its `event_id`."
)
Unit = Annotated[Literal["events", "reports"], Query(description=UNIT_DESCRIPTION)]


def with_unit(filters: EventFilter, unit: str) -> EventFilter:
    return replace(filters, reports=unit == "reports")


class ReportPublic(EventPublic):
    """One article's report of an event: the event row as that article gave it."""

    article_url: str | None = None
    article_source: str | None = Field(default=None, description="The outlet, as stored.")
    article_published: date | None = None

    @classmethod
    def from_report(cls, event: Event, article: Article) -> ReportPublic:
        base = EventPublic.from_domain(event).model_dump()
        base["article_title"] = article.title
        return cls(
            **base,
            article_url=article.url,
            article_source=article.source,
            article_published=article.published,
        )


class EventReportsPublic(BaseModel):
    model_config = _example(
        {
            "event_id": 1,
            "reports": 1,
            "data": [{**EXAMPLE_EVENT, "reports": 1, "article_source": "Northwire"}],
        }
    )

    event_id: int = Field(description="The event's id (its canonical row).")
    reports: int = Field(description="How many articles reported it.")
    data: list[ReportPublic] = Field(
        description="The reports: the event's own row first, then the others as they arrived."
    )
