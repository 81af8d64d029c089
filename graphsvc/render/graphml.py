"""GraphML export (validates against the GraphML XSD; reads back in networkx and igraph)."""

from __future__ import annotations

import io

import networkx as nx

from graphsvc.render._xml import xml_safe

MEDIA_TYPE = "application/graphml+xml"


def to_graphml(G: nx.Graph) -> bytes:
    """GraphML bytes (UTF-8). Attributes must already be flat (str/int/float/bool).

    Multigraph edge keys become the GraphML edge ids, so
    ``nx.read_graphml(path, force_multigraph=True)`` gives the same keys back.
    """
    buffer = io.BytesIO()
    nx.write_graphml_xml(xml_safe(G), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()
