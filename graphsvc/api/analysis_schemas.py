"""Pydantic models of /analysis: centrality, communities and cooperative paths."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graphsvc.analysis.network import ActorScore, Community, Partition
from graphsvc.analysis.workbench import Hop, PathAnswer, PathFound
from graphsvc.api.schemas import EventPublic

WEIGHT_DESCRIPTION = (
    "What a tie weighs: events (all its events), cooperation (quad classes 1-2) or conflict "
    "(quad classes 3-4); ties that weigh 0 are left out."
)


def _examples(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


class ActorScorePublic(BaseModel):
    model_config = _examples(
        {
            "code": "RUS",
            "label": "Russia",
            "degree": 4,
            "weighted_degree": 37,
            "pagerank": 0.2841,
            "betweenness": 0.5,
        }
    )

    code: str
    label: str
    degree: int = Field(description="Distinct partners (ties either way).")
    weighted_degree: int = Field(description="Weight of its ties, both directions summed.")
    pagerank: float = Field(
        description="Directed weighted PageRank (damping 0.85): high when important actors "
        "act on it."
    )
    betweenness: float = Field(
        description="Normalised betweenness (0-1) on the undirected ties, distance 1/weight: "
        "how often it lies on the shortest way between two others."
    )

    @classmethod
    def from_domain(cls, score: ActorScore) -> ActorScorePublic:
        return cls(
            code=score.code,
            label=score.label,
            degree=score.degree,
            weighted_degree=score.weighted_degree,
            pagerank=round(score.pagerank, 6),
            betweenness=round(score.betweenness, 6),
        )


class CentralityPublic(BaseModel):
    weight: str = Field(description=WEIGHT_DESCRIPTION)
    sort: str = Field(description="The measure the actors are ordered by (highest first).")
    count: int = Field(description="Actors in the filtered graph (all are scored).")
    data: list[ActorScorePublic]


class MemberPublic(BaseModel):
    code: str
    label: str
    weighted_degree: int


class CommunityPublic(BaseModel):
    model_config = _examples(
        {
            "id": 0,
            "size": 3,
            "internal_weight": 12,
            "members": [
                {"code": "RUS", "label": "Russia", "weighted_degree": 9},
                {"code": "TUR", "label": "Turkey", "weighted_degree": 7},
                {"code": "AZE", "label": "Azerbaijan", "weighted_degree": 4},
            ],
        }
    )

    id: int = Field(description="Its rank: 0 is the largest community.")
    size: int
    internal_weight: int = Field(description="Weight of the ties inside the community.")
    members: list[MemberPublic] = Field(description="Highest weighted degree first.")

    @classmethod
    def from_domain(cls, rank: int, community: Community) -> CommunityPublic:
        return cls(
            id=rank,
            size=len(community.members),
            internal_weight=community.internal_weight,
            members=[
                MemberPublic(code=m.code, label=m.label, weighted_degree=m.weighted_degree)
                for m in community.members
            ],
        )


class CommunitiesPublic(BaseModel):
    weight: str = Field(description=WEIGHT_DESCRIPTION)
    seed: int = Field(description="Seed of Louvain's random order (same seed, same answer).")
    resolution: float
    modularity: float = Field(description="Modularity of the partition on the weighted ties.")
    count: int
    data: list[CommunityPublic]

    @classmethod
    def from_domain(cls, weight: str, partition: Partition) -> CommunitiesPublic:
        return cls(
            weight=weight,
            seed=partition.seed,
            resolution=partition.resolution,
            modularity=round(partition.modularity, 6),
            count=len(partition.communities),
            data=[CommunityPublic.from_domain(i, c) for i, c in enumerate(partition.communities)],
        )


class ActorRefPublic(BaseModel):
    code: str
    label: str


class HopPublic(BaseModel):
    source: str
    target: str
    cooperation: int = Field(description="Cooperative events between the two, both ways.")
    conflict: int = Field(description="Conflict events between the two, both ways.")
    events: list[EventPublic] = Field(description="Latest cooperative events, both ways.")

    @classmethod
    def from_domain(cls, hop: Hop) -> HopPublic:
        return cls(
            source=hop.source,
            target=hop.target,
            cooperation=hop.cooperation,
            conflict=hop.conflict,
            events=[EventPublic.from_domain(e) for e in hop.events],
        )


class PathPublic(BaseModel):
    actors: list[ActorRefPublic]
    weakest: int = Field(
        description="Cooperative events on its weakest hop (0 for the empty path from an "
        "actor to itself)."
    )
    hops: list[HopPublic]

    @classmethod
    def from_domain(cls, path: PathFound) -> PathPublic:
        return cls(
            actors=[
                ActorRefPublic(code=c, label=label)
                for c, label in zip(path.nodes, path.labels, strict=True)
            ],
            weakest=path.weakest,
            hops=[HopPublic.from_domain(h) for h in path.hops],
        )


class PathsPublic(BaseModel):
    model_config = _examples(
        {
            "source": {"code": "ARM", "label": "Armenia"},
            "target": {"code": "TUR", "label": "Turkey"},
            "length": 2,
            "data": [
                {
                    "actors": [
                        {"code": "ARM", "label": "Armenia"},
                        {"code": "RUS", "label": "Russia"},
                        {"code": "TUR", "label": "Turkey"},
                    ],
                    "weakest": 3,
                    "hops": [
                        {
                            "source": "ARM",
                            "target": "RUS",
                            "cooperation": 5,
                            "conflict": 0,
                            "events": [],
                        },
                        {
                            "source": "RUS",
                            "target": "TUR",
                            "cooperation": 3,
                            "conflict": 1,
                            "events": [],
                        },
                    ],
                }
            ],
        }
    )

    source: ActorRefPublic
    target: ActorRefPublic
    length: int | None = Field(description="Hops of the shortest paths; null when none exists.")
    data: list[PathPublic] = Field(description="The shortest paths, strongest weakest hop first.")

    @classmethod
    def from_domain(cls, answer: PathAnswer) -> PathsPublic:
        return cls(
            source=ActorRefPublic(code=answer.source.code, label=answer.source.label),
            target=ActorRefPublic(code=answer.target.code, label=answer.target.label),
            length=answer.length,
            data=[PathPublic.from_domain(p) for p in answer.paths],
        )
