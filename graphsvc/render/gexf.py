"""GEXF 1.2 export (Gephi), through networkx's writer."""

from __future__ import annotations

import io

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graphsvc.render._xml import xml_safe

MEDIA_TYPE = "application/gexf+xml"


def to_gexf(G: nx.Graph) -> bytes:
    """GEXF 1.2draft bytes (UTF-8) valid against gexf.xsd; node and edge ``label`` become
    GEXF labels, multigraph keys the edge ids."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(xml_safe(G))
    # networkx always writes name="" on <graph>, which the 1.2draft schema does not allow.
    if not writer.graph_element.get("name"):
        writer.graph_element.attrib.pop("name", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
