"""/events: the filtered event list, keyset paginated, with a hard page-size cap."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import FilterDep, ServiceDep, SettingsDep
from graphsvc.api.schemas import EventPublic, EventsPublic, Problem
from graphsvc.errors import InvalidInput

router = APIRouter(tags=["events"])


@router.get(
    "/events",
    response_model=EventsPublic,
    summary="Events matching the filters, ordered by id",
    responses={422: {"model": Problem, "description": "Invalid filter or limit over the cap."}},
)
def list_events(
    service: ServiceDep,
    settings: SettingsDep,
    filters: FilterDep,
    limit: Annotated[
        int, Query(ge=1, description="Page size, at most GRAPHSVC_EVENTS_PAGE_MAX (500).")
    ] = 100,
    cursor: Annotated[str | None, Query(description="`next` from the previous page.")] = None,
) -> EventsPublic:
    if limit > settings.events_page_max:
        raise InvalidInput(
            f"limit must be at most {settings.events_page_max}; "
            "use the `next` cursor to read further pages."
        )
    page = service.events(filters, limit=limit, cursor=cursor)
    data = [EventPublic.from_domain(e) for e in page.items]
    return EventsPublic(data=data, count=page.total, next=page.next_cursor)
