"""networkx graphs built from events (plain functions, the graph first, keyword options)."""

from graphsvc.graph.build import (
    build_dyad_graph,
    build_multigraph,
    clean_text,
    dyad_graph_from_counts,
    ego_graph,
)

__all__ = [
    "build_dyad_graph",
    "build_multigraph",
    "clean_text",
    "dyad_graph_from_counts",
    "ego_graph",
]
