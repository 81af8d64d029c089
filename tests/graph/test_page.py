"""The page cut from per-pair counts draws what capping the whole dyad graph draws."""

from __future__ import annotations

import doctest
import random

import pytest

from graphsvc.graph import page as page_module
from graphsvc.graph.build import dyad_graph_from_sums, ego_graph
from graphsvc.graph.page import cut
from graphsvc.models import DyadSums
from graphsvc.render.html import PageTotals, capped

CODES = [f"A{i:02d}" for i in range(30)]


def _pairs(rng: random.Random) -> list[tuple[str, str, int]]:
    actors = rng.sample(CODES, rng.randint(1, len(CODES)))
    found = {}
    for _ in range(rng.randint(0, 120)):
        # few distinct counts, so ties in activity and in dyad size are common
        found[(rng.choice(actors), rng.choice(actors))] = rng.choice([1, 2, 2, 3, 5])
    return [(s, t, n) for (s, t), n in found.items()]


def _graph(pairs: list[tuple[str, str, int]]):
    sums = [DyadSums(s, t, n, {1: n}, {"04": n}, 0, 0.0, None, None) for s, t, n in pairs]
    return dyad_graph_from_sums(sums, {})


@pytest.mark.parametrize("seed", range(40))
def test_cut_draws_what_capping_the_whole_graph_draws(seed: int) -> None:
    rng = random.Random(seed)
    pairs = _pairs(rng)
    node_cap, edge_cap = rng.randint(1, 12), rng.randint(1, 25)
    G = _graph(pairs)
    centers = [None, *rng.sample(sorted(G), min(2, len(G)))]
    for center in centers:
        scope = G if center is None else ego_graph(G, center)
        shown = capped(scope, node_cap, edge_cap)
        page = cut(pairs, node_cap=node_cap, edge_cap=edge_cap, ego=center)
        assert set(page.nodes) == set(shown.nodes), center
        assert set(page.pairs) == set(shown.edges), center
        assert page.activity == {n: shown.nodes[n]["event_count"] for n in shown}, center
        totals = PageTotals.of(scope, shown)
        assert (page.actors, page.dyads, page.events, page.dyads_among) == (
            totals.actors, totals.dyads, totals.events, totals.dyads_among
        ), center  # fmt: skip


def test_cut_of_an_actor_without_pairs_is_that_actor_alone() -> None:
    page = cut([("RUS", "TUR", 2)], node_cap=5, ego="ARM")
    assert (page.nodes, page.pairs, page.actors, page.dyads, page.events) == (
        ("ARM",), (), 1, 0, 0
    )  # fmt: skip
    assert page.activity == {"ARM": 0}


def test_module_doctest() -> None:
    result = doctest.testmod(page_module)
    assert result.attempted > 0 and result.failed == 0
