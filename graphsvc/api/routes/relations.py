"""/relations: one dyad, directed (source=&target=) or undirected (a=&b=)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import FilterDep, IntervalDep, ServiceDep
from graphsvc.api.schemas import EventPublic, Problem, RelationPublic, SeriesPointPublic
from graphsvc.errors import InvalidInput

router = APIRouter(tags=["relations"])

PAIR_NEEDED = (
    "Give either source and target (directed: source acts on target) or a and b (both directions)."
)

Code = Annotated[str | None, Query(max_length=20)]


def _pair(
    source: str | None, target: str | None, a: str | None, b: str | None
) -> tuple[str, str, bool]:
    if source and target and not (a or b):
        return source.upper(), target.upper(), True
    if a and b and not (source or target):
        return a.upper(), b.upper(), False
    raise InvalidInput(PAIR_NEEDED)


@router.get(
    "/relations",
    response_model=RelationPublic,
    summary="Summary of a dyad, its time series and its events (with sentence and article)",
    responses={
        404: {"model": Problem, "description": "Unknown actor code."},
        422: {"model": Problem, "description": "Neither pair complete."},
    },
)
def relation(
    service: ServiceDep,
    filters: FilterDep,
    source: Code = None,
    target: Code = None,
    a: Code = None,
    b: Code = None,
    interval: IntervalDep = None,
) -> RelationPublic:
    first, second, directed = _pair(source, target, a, b)
    summary = service.relation(first, second, directed=directed, filters=filters, interval=interval)
    return RelationPublic(
        source=summary.source,
        target=summary.target,
        directed=summary.directed,
        count=summary.count,
        mean_goldstein=summary.mean_goldstein,
        cooperation=summary.cooperation,
        conflict=summary.conflict,
        first_date=summary.first_date,
        last_date=summary.last_date,
        by_code=summary.by_code,
        events=[EventPublic.from_domain(e) for e in summary.events],
        interval=summary.interval,
        series=[SeriesPointPublic.from_domain(p) for p in summary.series],
    )
