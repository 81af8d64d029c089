"""/graph and the downloads (GraphML, GEXF, node-link JSON, events CSV).

Bodies come serialised from the service (cached by store version), so nothing is re-encoded
here: a large graph is answered in milliseconds.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from graphsvc.api.deps import FilterDep, ServiceDep

router = APIRouter(tags=["graph"])

Multi = Annotated[
    bool, Query(description="true: one edge per event (MultiDiGraph); false: one edge per dyad.")
]


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/graph",
    summary="The graph as node-link JSON (aggregated dyads, or ?multi=true for events)",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def graph(service: ServiceDep, filters: FilterDep, multi: Multi = False) -> Response:
    return Response(service.graph_json(filters, multi=multi), media_type="application/json")


def _export(service: ServiceDep, fmt: str, filters: FilterDep, multi: bool, name: str) -> Response:
    body, media_type = service.export(fmt, filters, multi=multi)
    return _download(body, media_type, name)


@router.get(
    "/graph.json",
    summary="Download node-link JSON",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def graph_json_file(service: ServiceDep, filters: FilterDep, multi: Multi = True) -> Response:
    return _export(service, "json", filters, multi, "graphsvc.json")


@router.get(
    "/graph.graphml",
    summary="Download GraphML (validates against the GraphML XSD)",
    response_class=Response,
    responses={200: {"content": {"application/graphml+xml": {}}}},
)
def graph_graphml(service: ServiceDep, filters: FilterDep, multi: Multi = True) -> Response:
    return _export(service, "graphml", filters, multi, "graphsvc.graphml")


@router.get(
    "/graph.gexf",
    summary="Download GEXF",
    response_class=Response,
    responses={200: {"content": {"application/gexf+xml": {}}}},
)
def graph_gexf(service: ServiceDep, filters: FilterDep, multi: Multi = True) -> Response:
    return _export(service, "gexf", filters, multi, "graphsvc.gexf")


@router.get(
    "/events.csv",
    summary="Download the filtered events as CSV (one row per event, header row)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def events_csv(service: ServiceDep, filters: FilterDep) -> Response:
    return _export(service, "csv", filters, True, "graphsvc-events.csv")
