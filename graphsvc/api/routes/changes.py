"""/changes: the dyads whose recent window departs most from their own baseline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from graphsvc.analysis.changes import ChangeRules
from graphsvc.api.change_schemas import CHANGES_DESCRIPTION, ChangesPublic
from graphsvc.api.deps import MIN_CONFIDENCE_EVENTS_HELP, ServiceDep
from graphsvc.api.params import IsoDate, whole_number
from graphsvc.api.schemas import Problem
from graphsvc.errors import InvalidInput

router = APIRouter(tags=["analysis"])

PARAMETERS = (
    "since", "window", "baselines", "min_baseline_events", "min_baseline_windows",
    "min_recent_events", "min_score", "limit", "events", "min_confidence",
)  # fmt: skip


def known_parameters(request: Request) -> None:
    """An unknown query parameter is a mistake worth saying (a typo'd ``windows=`` would
    otherwise silently fall back to the default)."""
    for name in request.query_params:
        if name not in PARAMETERS:
            raise InvalidInput(
                f"Unknown query parameter '{name}'; /changes takes {', '.join(PARAMETERS)}."
            )


@router.get(
    "/changes",
    response_model=ChangesPublic,
    summary="Dyads whose recent window departs most from their baseline (Goldstein, volume)",
    description=CHANGES_DESCRIPTION,
    responses={422: {"model": Problem, "description": "An unknown parameter or one out of range."}},
    dependencies=[Depends(known_parameters)],
)
def changes(
    service: ServiceDep,
    since: Annotated[
        IsoDate | None,
        Query(
            description="First day of the recent window, as YYYY-MM-DD.", examples=["2021-01-01"]
        ),
    ] = None,
    window: Annotated[
        whole_number(1, 366) | None,
        Query(description="Days per window; by default from `since` to the newest event."),
    ] = None,
    baselines: Annotated[
        whole_number(2, 24), Query(description="Baseline windows before the recent one.")
    ] = 6,
    min_baseline_events: Annotated[
        whole_number(1, 1_000_000), Query(description="Events the baseline needs.")
    ] = 5,
    min_baseline_windows: Annotated[
        whole_number(1, 24),
        Query(description="Baseline windows with events it needs (more than `baselines`: none)."),
    ] = 2,
    min_recent_events: Annotated[
        whole_number(1, 1_000_000), Query(description="Events the recent window needs.")
    ] = 2,
    min_score: Annotated[float, Query(ge=0, le=1000, description="Smallest score listed.")] = 2.0,
    limit: Annotated[whole_number(1, 100), Query(description="Dyads listed at most.")] = 20,
    events: Annotated[
        whole_number(0, 20), Query(description="Most negative and most positive events shown.")
    ] = 3,
    min_confidence: Annotated[
        float, Query(ge=0, le=1, description=MIN_CONFIDENCE_EVENTS_HELP)
    ] = 0.0,
) -> ChangesPublic:
    rules = ChangeRules(min_baseline_events, min_baseline_windows, min_recent_events, min_score)
    report = service.changes.find(
        since=since, window=window, baselines=baselines, rules=rules, limit=limit,
        per_dyad=events, min_confidence=min_confidence,
    )  # fmt: skip
    return ChangesPublic.from_domain(report, lambda code: service.actor(code).label)
