"""/graph and the downloads (GraphML, GEXF, node-link JSON, events CSV).

Event-level answers (``multi=true``, the downloads' default, and the CSV) stream from a
database cursor through incremental writers: the filter is checked and the cursor opened
before the response starts, so errors are still problem+json. The aggregated dyad graph is
small and comes serialised from the service's cache.
"""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Query, Response

from graphsvc.api.deps import CODE_PATTERN, FilterDep, ServiceDep
from graphsvc.api.params import QueryBool
from graphsvc.api.report_schemas import Unit, with_unit
from graphsvc.api.schemas import Problem
from graphsvc.api.streaming import ClosingStreamingResponse
from graphsvc.api.urls import page_links
from graphsvc.render.style import LOW_CONFIDENCE

router = APIRouter(tags=["graph"])

Multi = Annotated[
    QueryBool,
    Query(description="true: one edge per event (MultiDiGraph); false: one edge per dyad."),
]


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get(
    "/graph",
    summary="The graph as node-link JSON (aggregated dyads, or ?multi=true for events)",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def graph(service: ServiceDep, filters: FilterDep, multi: Multi = False) -> Response:
    if not multi:
        return Response(service.graph_json(filters, multi=False), media_type="application/json")
    chunks, media_type = service.export_stream("json", filters, multi=True)
    return ClosingStreamingResponse(chunks, media_type=media_type)


PAGE_DATA_EXAMPLE = {
    "nodes": [
        {
            "id": "RUS",
            "label": "Russia",
            "name": "Russia",
            "title": "Russia (RUS)\nState · 3 events",
            "shape": "dot",
            "color": "#4e79a7",
            "community": 0,
            "scores": {"degree": 1, "weighted_degree": 3, "pagerank": 0.5, "betweenness": 0.0},
            "x": -55.0,
            "y": 0.0,
            "url": "/view/actors/RUS?date_from=2021-01-01",
        }
    ],
    "edges": [
        {
            "id": "RUS>TUR",
            "from": "RUS",
            "to": "TUR",
            "count": 3,
            "confidence": 0.85,
            "url": "/view/relations/RUS/TUR?date_from=2021-01-01",
        }
    ],
    "communities": [{"index": 0, "colour": "#4e79a7", "size": 2, "leaders": ["Russia", "Turkey"]}],
    "modularity": 0.0,
    "summary": "2 actors · 1 dyad · 3 events",
    "note": "",
}


@router.get(
    "/view/data",
    summary="What the graph page draws for these filters, as vis-network data",
    description=(
        "The most active actors (at most the page cap) and their busiest dyads, as the graph "
        "page draws them: nodes with their actor page `url`, Louvain `community` and "
        "`scores` (degree, weighted degree, PageRank, betweenness over event counts within "
        "the drawn graph) and a starting position; edges with their dyad page `url`, "
        f"`count` and mean extraction `confidence` (below {LOW_CONFIDENCE:g} also `dashes`, a "
        "faint colour and `low_confidence`). With `ego`, that actor's neighbourhood (its "
        "page). The page's time control refetches this to redraw without a reload."
    ),
    response_class=Response,
    responses={
        200: {
            "description": "The page's data.",
            "content": {"application/json": {"example": PAGE_DATA_EXAMPLE}},
        },
        404: {"model": Problem, "description": "Unknown ego actor code."},
        422: {"model": Problem, "description": "A filter value is invalid."},
    },
)
def view_data(
    service: ServiceDep,
    filters: FilterDep,
    ego: Annotated[
        str | None,
        Query(pattern=CODE_PATTERN, description="Draw this actor's neighbourhood, like RUS."),
    ] = None,
) -> Response:
    data = service.view_data(filters, ego=ego, links=page_links(filters))
    return Response(orjson.dumps(data), media_type="application/json")


def _export(service: ServiceDep, fmt: str, filters: FilterDep, multi: bool, name: str) -> Response:
    chunks, media_type = service.export_stream(fmt, filters, multi=multi)
    return ClosingStreamingResponse(chunks, media_type=media_type, headers=_attachment(name))


@router.get(
    "/graph.json",
    summary="Download node-link JSON (streamed when multi=true)",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def graph_json_file(service: ServiceDep, filters: FilterDep, multi: Multi = True) -> Response:
    return _export(service, "json", filters, multi, "graphsvc.json")


@router.get(
    "/graph.graphml",
    summary="Download GraphML (validates against the GraphML XSD; streamed when multi=true)",
    response_class=Response,
    responses={200: {"content": {"application/graphml+xml": {}}}},
)
def graph_graphml(service: ServiceDep, filters: FilterDep, multi: Multi = True) -> Response:
    return _export(service, "graphml", filters, multi, "graphsvc.graphml")


@router.get(
    "/graph.gexf",
    summary="Download dynamic GEXF 1.3 for Gephi's timeline (streamed when multi=true)",
    description='Dynamic graph (`mode="dynamic"`, `timeformat="date"`): an event edge '
    "has `start` = `end` = its date, a dyad edge (multi=false) spans its first to last "
    "event, a node its first to last dated event under the filters. Undated events carry "
    "no time (Gephi shows them at every moment).",
    response_class=Response,
    responses={200: {"content": {"application/gexf+xml": {}}}},
)
def graph_gexf(service: ServiceDep, filters: FilterDep, multi: Multi = True) -> Response:
    return _export(service, "gexf", filters, multi, "graphsvc.gexf")


@router.get(
    "/events.csv",
    summary="Download the filtered events as CSV (one row per event, header row; streamed)",
    description="Columns: the event's fields, the actors' labels (`source_label`, "
    "`target_label`) and the article's `article_title`, `article_url` and "
    "`article_published` (empty when unknown). `unit=reports` gives every article's report "
    "of an event instead of one row per event. Text from the input that starts like a "
    "spreadsheet formula gets a leading apostrophe.",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def events_csv(service: ServiceDep, filters: FilterDep, unit: Unit = "events") -> Response:
    return _export(service, "csv", with_unit(filters, unit), True, "graphsvc-events.csv")
