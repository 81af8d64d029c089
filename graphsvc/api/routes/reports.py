"""GET /events/{id}/reports: the articles that reported one event."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from graphsvc.api.deps import ServiceDep
from graphsvc.api.params import INT_MAX
from graphsvc.api.report_schemas import EventReportsPublic, ReportPublic
from graphsvc.api.schemas import Problem

router = APIRouter(tags=["events"])


@router.get(
    "/events/{event_id}/reports",
    response_model=EventReportsPublic,
    summary="The reports of one event: every article that stated it",
    description="Different articles that describe the same real-world event (same actors, "
    "compatible CAMEO code, dates within two days, similar sentence; see the README's "
    "'Events, not reports') are stored as reports of one event, counted once by the graph, "
    "counts and exports. This lists them with their sentences and articles (title, URL, "
    "outlet, date). The id may be that of any report: the answer is its event's.",
    responses={404: {"model": Problem, "description": "No event row has this id."}},
)
def event_reports(
    service: ServiceDep,
    event_id: Annotated[int, Path(ge=1, le=INT_MAX, description="An event (or report) id.")],
) -> EventReportsPublic:
    found = service.event_reports(event_id)
    data = [ReportPublic.from_report(e, a) for e, a in found]
    head = found[0][0]
    canonical = head.event_id if head.event_id is not None else head.id
    assert canonical is not None
    return EventReportsPublic(event_id=canonical, reports=head.reports, data=data)
