"""/analysis: centrality, communities and cooperative paths over the filtered dyad graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.analysis.network import LOUVAIN_SEED, Measure, Weight
from graphsvc.api.analysis_schemas import (
    WEIGHT_DESCRIPTION,
    ActorScorePublic,
    CentralityPublic,
    CommunitiesPublic,
    PathsPublic,
)
from graphsvc.api.deps import CODE_PATTERN, FilterDep, ServiceDep
from graphsvc.api.schemas import Problem

router = APIRouter(prefix="/analysis", tags=["analysis"])

WeightQuery = Annotated[Weight, Query(description=WEIGHT_DESCRIPTION)]
BAD_PARAMS = {422: {"model": Problem, "description": "A parameter is out of range or unknown."}}


@router.get(
    "/centrality",
    response_model=CentralityPublic,
    summary="Degree, weighted degree, PageRank and betweenness of every actor",
    responses=BAD_PARAMS,
)
def centrality(
    service: ServiceDep,
    filters: FilterDep,
    weight: WeightQuery = "events",
    sort: Annotated[Measure, Query(description="Order the actors by this measure.")] = "pagerank",
    limit: Annotated[int, Query(ge=1, le=1000, description="Actors listed (top first).")] = 50,
) -> CentralityPublic:
    scores = service.network.centrality(filters, weight=weight, sort=sort)
    return CentralityPublic(
        weight=weight,
        sort=sort,
        count=len(scores),
        data=[ActorScorePublic.from_domain(s) for s in scores[:limit]],
    )


@router.get(
    "/communities",
    response_model=CommunitiesPublic,
    summary="Louvain communities of the undirected weighted ties, with their modularity",
    responses=BAD_PARAMS,
)
def communities(
    service: ServiceDep,
    filters: FilterDep,
    weight: WeightQuery = "events",
    resolution: Annotated[
        float,
        Query(gt=0, le=100, description="Above 1 favours smaller communities, below 1 larger."),
    ] = 1.0,
    seed: Annotated[int, Query(ge=0, le=2**31 - 1, description="Louvain's seed.")] = LOUVAIN_SEED,
) -> CommunitiesPublic:
    partition = service.network.communities(
        filters, weight=weight, resolution=resolution, seed=seed
    )
    return CommunitiesPublic.from_domain(weight, partition)


@router.get(
    "/path",
    response_model=PathsPublic,
    summary="Shortest paths between two actors over cooperative ties, with each hop's events",
    responses={
        404: {"model": Problem, "description": "Unknown actor code."},
        **BAD_PARAMS,
    },
)
def path(
    service: ServiceDep,
    filters: FilterDep,
    source: Annotated[
        str, Query(alias="from", pattern=CODE_PATTERN, description="Start actor code.")
    ],
    target: Annotated[str, Query(alias="to", pattern=CODE_PATTERN, description="End actor code.")],
    limit: Annotated[int, Query(ge=1, le=50, description="Paths listed at most.")] = 5,
    events: Annotated[
        int, Query(ge=0, le=50, description="Latest cooperative events shown per hop.")
    ] = 5,
) -> PathsPublic:
    answer = service.network.path(source, target, filters, limit=limit, per_hop=events)
    return PathsPublic.from_domain(answer)
