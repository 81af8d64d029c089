"""node-link JSON (networkx's format with the edges under "edges"), serialised by orjson."""

from __future__ import annotations

import networkx as nx
import orjson

MEDIA_TYPE = "application/json"


def to_node_link_json(G: nx.Graph) -> bytes:
    """Bytes that ``nx.node_link_graph(json.loads(b), edges="edges")`` turns back into ``G``."""
    return orjson.dumps(nx.node_link_data(G, edges="edges"))
