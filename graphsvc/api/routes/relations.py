"""/relations: one dyad, directed (source=&target=) or undirected (a=&b=)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from graphsvc.api.deps import CODE_PATTERN, FilterDep, IntervalDep, ServiceDep
from graphsvc.api.schemas import EventPublic, Problem, RelationPublic, SeriesPointPublic
from graphsvc.errors import InvalidInput

router = APIRouter(tags=["relations"])

PAIR_NEEDED = (
    "Give either source and target (directed: source acts on target) or a and b (both directions)."
)

# The four codes are read one by one but declared as one form-exploded object parameter: the
# OpenAPI cannot say "either this pair or that one" of separate parameters, an object can.
Code = Annotated[str | None, Query(pattern=CODE_PATTERN, include_in_schema=False)]
_CODE = {"type": "string", "pattern": CODE_PATTERN}


def _only(pair: list[str], other: list[str]) -> dict[str, Any]:
    return {"required": pair, "not": {"anyOf": [{"required": [name]} for name in other]}}


_PAIR_PARAMETER = {
    "name": "pair",
    "in": "query",
    "required": True,
    "style": "form",
    "explode": True,
    "description": "Sent as separate query parameters: `source` and `target` (directed: "
    "source acts on target) or `a` and `b` (both directions), actor codes like RUS.",
    "schema": {
        "type": "object",
        "properties": {name: _CODE for name in ("source", "target", "a", "b")},
        "additionalProperties": False,
        "oneOf": [_only(["source", "target"], ["a", "b"]), _only(["a", "b"], ["source", "target"])],
    },
}


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
        422: {"model": Problem, "description": "Neither pair complete, or an invalid code."},
    },
    openapi_extra={"parameters": [_PAIR_PARAMETER]},
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
