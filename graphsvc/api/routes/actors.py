"""/actors: who appears in the graph, and one actor's profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import ActorCode, FilterDep, IntervalDep, ServiceDep
from graphsvc.api.schemas import (
    EXAMPLE_ACTOR,
    ActorProfilePublic,
    ActorPublic,
    ActorsPublic,
    EventPublic,
    PartnerPublic,
    Problem,
    SeriesPointPublic,
)
from graphsvc.models import Actor

router = APIRouter(tags=["actors"])


@router.get(
    "/actors",
    response_model=ActorsPublic,
    summary="Actors with event counts, or found by name",
    description="Without q: the actors with events under the filters, most first. With q: "
    "the actors it names — codes, names and short forms, adjectives and demonyms, capitals "
    "and seats of government, places, and the office-holders of the gazetteer — matched "
    "without regard to case or accents (Erdogan finds Erdoğan). Ranked: exact code or name, "
    "exact alias, prefix of a name, prefix of an alias or of a word, the query inside a "
    "name, then close spellings (tried only when nothing else matches, and also listed in "
    "suggestions). Within a rank, current office-holders before former ones, then actors "
    "with events (most first).",
    responses={
        200: {
            "content": {
                "application/json": {
                    "examples": {
                        "name": {
                            "summary": "q=Putin",
                            "value": {"data": [EXAMPLE_ACTOR], "count": 1, "suggestions": []},
                        },
                        "close spelling": {
                            "summary": "q=Puttin",
                            "value": {
                                "data": [{**EXAMPLE_ACTOR, "match": "fuzzy"}],
                                "count": 1,
                                "suggestions": ["Putin"],
                            },
                        },
                    }
                }
            }
        }
    },
)
def list_actors(
    service: ServiceDep,
    filters: FilterDep,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="A code or name to look for, e.g. 'Putin', 'Kremlin', 'Erdogan', 'arm'.",
        ),
    ] = None,
) -> ActorsPublic:
    if not q or not q.strip():
        data = [_public(s.actor, s.event_count, s.as_source, s.as_target) for s in
                service.list_actors(filters=filters)]  # fmt: skip
        return ActorsPublic(data=data, count=len(data))
    found = service.search_actors(q, filters)
    data = [
        _public(h.actor, h.event_count, h.as_source, h.as_target, h.hit.match, h.hit.matched)
        for h in found.hits
    ]
    return ActorsPublic(data=data, count=len(data), suggestions=found.suggestions)


def _public(
    actor: Actor,
    events: int,
    as_source: int,
    as_target: int,
    match: str | None = None,
    matched: str | None = None,
) -> ActorPublic:
    return ActorPublic(
        code=actor.code,
        label=actor.label,
        kind=actor.kind,
        event_count=events,
        as_source=as_source,
        as_target=as_target,
        has_events=events > 0,
        match=match,
        matched=matched,
    )


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
