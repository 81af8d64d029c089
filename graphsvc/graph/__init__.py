"""networkx graphs built from events (plain functions, the graph first, keyword options)."""

from graphsvc.graph.build import (
    build_dyad_graph,
    build_multigraph,
    clean_text,
    dyad_graph_from_sums,
    ego_graph,
    sum_dyads,
)

__all__ = [
    "build_dyad_graph",
    "build_multigraph",
    "clean_text",
    "dyad_graph_from_sums",
    "ego_graph",
    "sum_dyads",
]
