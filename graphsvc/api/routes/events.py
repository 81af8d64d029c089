"""/events: the filtered event list, keyset paginated, with a hard page-size cap."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import CODE_PATTERN, FilterDep, ServiceDep, SettingsDep
from graphsvc.api.params import INT_MAX, whole_number
from graphsvc.api.report_schemas import Unit, with_unit
from graphsvc.api.schemas import EventPublic, EventsPublic, Problem
from graphsvc.cursors import EVENTS_CURSOR_FORMAT, EVENTS_CURSOR_PATTERN
from graphsvc.errors import InvalidInput

router = APIRouter(tags=["events"])
# The OpenAPI shows the configured cap as the maximum (api/openapi.py); past it: 422.
Limit = whole_number(1, INT_MAX)


@router.get(
    "/events",
    response_model=EventsPublic,
    summary="Events matching the filters, ordered by id",
    responses={
        400: {"model": Problem, "description": "The cursor is not in the declared format."},
        422: {"model": Problem, "description": "Invalid filter or limit over the cap."},
    },
)
def list_events(
    service: ServiceDep,
    settings: SettingsDep,
    filters: FilterDep,
    limit: Annotated[
        Limit, Query(description="Page size, at most GRAPHSVC_EVENTS_PAGE_MAX (500).")
    ] = 100,
    cursor: Annotated[
        str | None,
        Query(
            description=f"Where the page starts: {EVENTS_CURSOR_FORMAT}",
            json_schema_extra={"pattern": EVENTS_CURSOR_PATTERN},
        ),
    ] = None,
    source: Annotated[
        str | None,
        Query(
            pattern=CODE_PATTERN,
            description="Only events whose source is this actor code, as stored (an event "
            "stated as mutual is stored once, first-named actor as source; /relations counts "
            "it both ways). `actor` matches either side.",
        ),
    ] = None,
    target: Annotated[
        str | None,
        Query(pattern=CODE_PATTERN, description="Only events whose target is this actor code."),
    ] = None,
    unit: Unit = "events",
) -> EventsPublic:
    if limit > settings.events_page_max:
        raise InvalidInput(
            f"limit must be at most {settings.events_page_max}; "
            "use the `next` cursor to read further pages."
        )
    page = service.events(
        with_unit(filters, unit),
        limit=limit,
        cursor=cursor,
        source=source.upper() if source else None,
        target=target.upper() if target else None,
    )
    data = [EventPublic.from_domain(e) for e in page.items]
    return EventsPublic(data=data, count=page.total, next=page.next_cursor)
