"""The issue's acceptance path through HTTP: post the seed article, read the RUS–TUR relation
and the GraphML download (read back by networkx and igraph with the same counts)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from api_support import FakeExtractor, TestClient

SEED_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"


@pytest.fixture
def seeded(client: TestClient, extractor: object) -> TestClient:
    if isinstance(extractor, FakeExtractor):
        pytest.fail("the seed checks need the real extractor")
    if not SEED_DIR.is_dir():
        pytest.skip("../shared/seed is absent")
    (seed,) = sorted(SEED_DIR.glob("*.txt"))
    response = client.post(
        "/articles",
        params={"published": "2021-01-13", "source": "seed"},
        content=seed.read_bytes(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    return client


def test_seed_relation_rus_tur(seeded: TestClient) -> None:
    body = seeded.get("/relations", params={"a": "RUS", "b": "TUR"}).json()
    assert body["count"] >= 1
    roots = {code[:2] for code in body["by_code"]}
    assert "04" in roots, body["by_code"]
    assert any(e["date"] == "2021-01-13" for e in body["events"])  # "Wednesday"
    assert all(e["article_id"] and e["sentence"] for e in body["events"])


def test_seed_graphml_reads_back_in_networkx_and_igraph(seeded: TestClient, tmp_path: Path) -> None:
    import igraph

    path = tmp_path / "seed.graphml"
    path.write_bytes(seeded.get("/graph.graphml").content)
    G = nx.read_graphml(path, force_multigraph=True)
    events = seeded.get("/events").json()["count"]
    assert G.number_of_edges() == events
    assert {"RUS", "TUR", "AZE", "ARM"} <= set(G.nodes)
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (G.number_of_nodes(), G.number_of_edges())
