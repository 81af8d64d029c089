"""/actors: who appears in the graph, and one actor's profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import ActorCode, FilterDep, IntervalDep, ServiceDep
from graphsvc.api.schemas import (
    ActorProfilePublic,
    ActorPublic,
    ActorsPublic,
    EventPublic,
    PartnerPublic,
    Problem,
    SeriesPointPublic,
)

router = APIRouter(tags=["actors"])


@router.get("/actors", response_model=ActorsPublic, summary="Actors with event counts")
def list_actors(
    service: ServiceDep,
    filters: FilterDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Search in code and label, e.g. 'arm'.")
    ] = None,
) -> ActorsPublic:
    summaries = service.list_actors(q=q or None, filters=filters)
    data = [
        ActorPublic(
            code=s.actor.code,
            label=s.actor.label,
            kind=s.actor.kind,
            event_count=s.event_count,
            as_source=s.as_source,
            as_target=s.as_target,
        )
        for s in summaries
    ]
    return ActorsPublic(data=data, count=len(data))


@router.get(
    "/actors/{actor_code}",
    response_model=ActorProfilePublic,
    summary="Actor profile: partners, breakdown by root and quad class, recent events, time series",
    responses={404: {"model": Problem, "description": "Unknown actor code."}},
)
def actor_profile(
    actor_code: ActorCode, service: ServiceDep, filters: FilterDep, interval: IntervalDep = None
) -> ActorProfilePublic:
    profile = service.actor_profile(actor_code, filters, interval=interval)
    return ActorProfilePublic.build(
        profile.actor,
        event_count=profile.event_count,
        partners=[PartnerPublic.model_validate(p) for p in profile.partners],
        by_root=profile.by_root,
        by_quad_class=profile.by_quad_class,
        recent_events=[EventPublic.from_domain(e) for e in profile.recent_events],
        interval=profile.interval,
        series=[SeriesPointPublic.from_domain(p) for p in profile.series],
    )
