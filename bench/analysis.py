"""Benchmark of the /analysis measures on a store's dyad graph: each measure with the
library graphsvc uses, and networkx's own betweenness and PageRank beside them.

    .venv/bin/python bench/analysis.py --db /work/bench-data/sqlite-1m.db
    .venv/bin/python bench/analysis.py --db /work/bench-data/sqlite-1m.db --skip-networkx

Prints one row per measure: wall seconds (best of ``--runs``) on the unfiltered graph.
The store is only read.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from graphsvc.analysis import network
from graphsvc.service import GraphService
from graphsvc.settings import Settings


def best(runs: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def networkx_pagerank(H: nx.DiGraph) -> dict:
    try:
        return nx.pagerank(H, weight="weight")
    except ImportError:  # nx.pagerank needs SciPy; its pure-Python loop is what remains
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(H, weight="weight")


def networkx_betweenness(U: nx.Graph) -> dict:
    for _, _, d in U.edges(data=True):
        d["distance"] = 1 / d["weight"]
    return nx.betweenness_centrality(U, weight="distance")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite file or database URL (read only)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-networkx", action="store_true", help="skip the slow baselines")
    args = parser.parse_args()

    service = GraphService(Settings(db=args.db))
    start = time.perf_counter()
    G = service.dyad_graph()
    print(f"dyad graph: {len(G):,} actors, {G.number_of_edges():,} ties, "
          f"{time.perf_counter() - start:.2f} s to build")  # fmt: skip
    H = network.weighted(G, "events")
    U = network.undirected(H)
    a, b = sorted(G)[0], sorted(G)[-1]
    n = args.runs
    rows: list[tuple[str, str, Callable[[], Any], int]] = [
        (
            "views (weighted, undirected)",
            "networkx",
            lambda: network.undirected(network.weighted(G, "events")),
            n,
        ),
        ("pagerank", "igraph", lambda: network.pagerank(H), n),
        ("betweenness", "igraph", lambda: network.betweenness(U), n),
        ("centrality (all four)", "igraph+nx", lambda: network.centrality(G, weight="events"), n),
        ("louvain + modularity", "networkx", lambda: network.communities(G, weight="events"), n),
        (f"cooperative paths {a}->{b}", "networkx", lambda: network.cooperative_paths(G, a, b), n),
    ]
    if not args.skip_networkx:
        rows += [
            ("pagerank", "networkx", lambda: networkx_pagerank(H), 1),
            ("betweenness", "networkx", lambda: networkx_betweenness(U.copy()), 1),
        ]
    print("| measure | library | seconds |\n| --- | --- | ---: |")
    for name, library, work, runs in rows:
        print(f"| {name} | {library} | {best(runs, work):.3f} |")
    service.close()


if __name__ == "__main__":
    main()
