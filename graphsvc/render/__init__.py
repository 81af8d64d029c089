"""Pure renderers: graphs and events to GraphML, GEXF, node-link JSON, CSV and an HTML page."""

from graphsvc.render.csv import events_to_csv
from graphsvc.render.gexf import to_gexf
from graphsvc.render.graphml import to_graphml
from graphsvc.render.html import filter_query, to_html
from graphsvc.render.nodelink import to_node_link_json

MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}

__all__ = [
    "MEDIA_TYPES",
    "events_to_csv",
    "filter_query",
    "to_gexf",
    "to_graphml",
    "to_html",
    "to_node_link_json",
]
