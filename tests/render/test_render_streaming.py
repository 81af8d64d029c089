"""Streaming writers: schema-valid, read back by networkx and igraph exactly like the
whole-graph writers' output, in ~1 MB chunks, CSV with the same bytes as render.csv."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from functools import partial
from pathlib import Path

import igraph
import networkx as nx
import pytest
from factories import make_event
from hypothesis import given
from hypothesis import strategies as st
from stream_support import csv_row_of, extract_schemas, row_of, validate_gexf, xmllint

from graphsvc.graph import build_multigraph
from graphsvc.models import Actor, Article, Event
from graphsvc.render import events_to_csv, to_gexf, to_graphml, to_node_link_json
from graphsvc.render.streaming import stream_csv, stream_gexf, stream_graphml, stream_node_link
from graphsvc.render.streaming._common import CHUNK_BYTES, Chunker
from graphsvc.rows import NodeRecord

AWKWARD = "He said \"no\" <b>&amp; then</b> left — Ünïcödé ⚔️ 🇷🇺 'quoted' & <script>\r\n\tend"
ACTORS = {
    "RUS": Actor("RUS", "Russia", "state"),
    "TUR": Actor("TUR", 'Türkiye "Turkey" <&>', "state"),
    "UNO": Actor("UNO", "United Nations 🇺🇳\x01", "igo"),
}
ev = partial(make_event, article_id="a&1")
WRITERS = {"graphml": stream_graphml, "gexf": stream_gexf, "json": stream_node_link}


@pytest.fixture
def events() -> list[Event]:
    return [
        ev("RUS", "TUR", 10),
        ev("RUS", "TUR", 11, code="042", source_text='Putin <the> "leader"', sentence=AWKWARD),
        ev("RUS", "TUR", 12, quad_class=4, code="190", root="19", goldstein=-10.0, date=None),
        ev("TUR", "RUS", 13, negated=True, confidence=0.5, sentence="ctrl\x01char\ufffe"),
        ev("UNO", "RUS", 14, symmetric=True, group_id="g<1>", source_sector="DIP"),
        ev("UNO", "UNO", 15, label="Self & loop", target_sector="GOV", mentions=3),
    ]


def nodes_of(G: nx.MultiDiGraph) -> list[NodeRecord]:
    """Node records as the service makes them (in reverse order: writers sort by code),
    with the first and last dates of each node's dated events."""
    days: dict[str, list[str]] = {code: [] for code in G}
    for u, v, d in G.edges(data=True):
        if d["date"]:
            days[u].append(d["date"])
            days[v].append(d["date"])
    return [
        NodeRecord(code, d["label"], d["kind"], d["event_count"],
                   min(days[code], default=""), max(days[code], default=""))
        for code, d in reversed(list(G.nodes(data=True)))
    ]  # fmt: skip


def validate(fmt: str, schemas: Path, path: Path):  # type: ignore[no-untyped-def]
    return validate_gexf(schemas, path) if fmt == "gexf" else xmllint(schemas / f"{fmt}.xsd", path)


def stream(fmt: str, events: list[Event], chunk: int = 2) -> tuple[bytes, nx.MultiDiGraph]:
    """The streamed body (rows in chunks of ``chunk``) and the graph the old path builds."""
    G = build_multigraph(events, ACTORS)
    rows = [row_of(e) for e in events]
    chunks = [rows[i : i + chunk] for i in range(0, len(rows), chunk)]
    return b"".join(WRITERS[fmt](nodes_of(G), chunks)), G


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract_schemas(tmp_path_factory.mktemp("xsd"))


def assert_same_graph(H: nx.MultiDiGraph, G: nx.MultiDiGraph) -> None:
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert H.number_of_edges() == G.number_of_edges()
    for u, v, key, data in G.edges(keys=True, data=True):
        assert H.edges[u, v, key] == data  # same values and the same Python types


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_streamed_xml_validates_against_xsd(
    fmt: str, events: list[Event], schemas: Path, tmp_path: Path
) -> None:
    body, _ = stream(fmt, events)
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(body)
    result = validate(fmt, schemas, path)
    assert result.returncode == 0, result.stderr


def test_streamed_graphml_reads_back_like_the_whole_graph_writer(
    events: list[Event], tmp_path: Path
) -> None:
    body, G = stream("graphml", events)
    (tmp_path / "s.graphml").write_bytes(body)
    (tmp_path / "w.graphml").write_bytes(to_graphml(G))
    H = nx.read_graphml(tmp_path / "s.graphml", force_multigraph=True, edge_key_type=str)
    W = nx.read_graphml(tmp_path / "w.graphml", force_multigraph=True, edge_key_type=str)
    assert isinstance(H, nx.MultiDiGraph)
    assert_same_graph(H, G)
    assert_same_graph(H, W)
    assert H.edges["RUS", "TUR", "11"]["sentence"] == AWKWARD
    assert H.edges["TUR", "RUS", "13"]["sentence"] == "ctrlchar"
    assert H.nodes["UNO"]["label"] == "United Nations 🇺🇳"


def test_streamed_graphml_reads_in_igraph(events: list[Event], tmp_path: Path) -> None:
    body, G = stream("graphml", events)
    path = tmp_path / "g.graphml"
    path.write_bytes(body)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed()
    assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert sorted(g.vs["id"]) == sorted(G.nodes)
    assert sorted(g.es["event_id"]) == [10, 11, 12, 13, 14, 15]
    assert sorted(g.es["negated"]) == [False] * 5 + [True]
    assert sorted(g.es["goldstein"]) == sorted(d["goldstein"] for *_, d in G.edges(data=True))
    ends = sorted((g.vs[e.source]["id"], g.vs[e.target]["id"]) for e in g.es)
    assert ends == sorted((u, v) for u, v in G.edges())


def test_streamed_gexf_reads_back_like_the_whole_graph_writer(
    events: list[Event], tmp_path: Path
) -> None:
    body, G = stream("gexf", events)
    (tmp_path / "s.gexf").write_bytes(body)
    (tmp_path / "w.gexf").write_bytes(to_gexf(G))
    H = nx.read_gexf(tmp_path / "s.gexf")
    W = nx.read_gexf(tmp_path / "w.gexf")
    assert H.is_multigraph() and H.number_of_edges("RUS", "TUR") == 3
    assert dict(H.nodes(data=True)) == dict(W.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True)) == sorted(W.edges(keys=True, data=True))
    assert H.edges["RUS", "TUR", "11"]["sentence"] == AWKWARD


def test_streamed_node_link_reads_back_like_the_whole_graph_writer(events: list[Event]) -> None:
    body, G = stream("json", events)
    data = json.loads(body)
    assert set(data) == {"directed", "multigraph", "graph", "nodes", "edges"}
    H = nx.node_link_graph(data, edges="edges")
    assert H.is_multigraph() and H.is_directed()
    assert_same_graph(H, G)
    W = nx.node_link_graph(json.loads(to_node_link_json(G)), edges="edges")
    assert_same_graph(H, W)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_empty_exports_are_valid(fmt: str, schemas: Path, tmp_path: Path) -> None:
    body = b"".join(WRITERS[fmt]([], iter(())))
    if fmt == "json":
        assert json.loads(body) == {
            "directed": True, "multigraph": True, "graph": {}, "nodes": [], "edges": []
        }  # fmt: skip
        return
    path = tmp_path / f"empty.{fmt}"
    path.write_bytes(body)
    assert validate(fmt, schemas, path).returncode == 0


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_chunks_are_chunk_bytes_after_an_immediate_header(fmt: str) -> None:
    events = [ev("RUS", "TUR", i, sentence=f"Sentence number {i} " * 40) for i in range(6000)]
    rows = [(csv_row_of if fmt == "csv" else row_of)(e) for e in events]
    batches = [rows[i : i + 700] for i in range(0, len(rows), 700)]
    if fmt == "csv":
        chunks = list(stream_csv(batches))
    else:
        chunks = list(WRITERS[fmt]([NodeRecord("RUS", "Russia", "state", 3000)], batches))
    assert len(chunks[0]) < 4096  # the header / prolog, sent before any row is read
    middle = chunks[1:-1]
    assert len(middle) >= 2 and all(len(c) == CHUNK_BYTES for c in middle)
    assert 0 < len(chunks[-1]) <= CHUNK_BYTES


@given(st.lists(st.one_of(st.binary(max_size=40), st.text(max_size=10)), max_size=30))
def test_chunker_pieces_are_the_fed_bytes_in_pieces_of_its_size(feeds: list[bytes | str]) -> None:
    chunker = Chunker(size=7)
    pieces = [piece for text in feeds for piece in chunker.feed(text)]
    pieces += list(chunker.flush())
    whole = b"".join(t if isinstance(t, bytes) else t.encode("utf-8") for t in feeds)
    assert b"".join(pieces) == whole
    assert all(type(p) is bytes for p in pieces)
    assert all(len(p) == 7 for p in pieces[:-1]) and all(0 < len(p) <= 7 for p in pieces[-1:])
    assert list(chunker.flush()) == []


def test_writers_read_nodes_only_after_the_prolog() -> None:
    """The node query may be slow: the first chunk leaves before it runs."""
    asked: list[str] = []

    def nodes():  # type: ignore[no-untyped-def]
        asked.append("nodes")
        yield NodeRecord("RUS", "Russia", "state", 1)

    for writer in WRITERS.values():
        asked.clear()
        chunks = writer(nodes(), iter(()))
        next(chunks)
        assert asked == []
        b"".join(chunks)
        assert asked == ["nodes"]


def test_streamed_csv_is_byte_identical_to_the_whole_csv(events: list[Event]) -> None:
    events.append(ev("RUS", "TUR", 16, label="=cmd()", trigger_text="+1", sentence="@x"))
    labels = {code: actor.label for code, actor in ACTORS.items()}
    articles = {"a&1": Article("a&1", "text", title='Talks, "again"', url="https://x.test/a?b=1",
                               published=date(2021, 1, 14))}  # fmt: skip
    rows = [csv_row_of(e, labels, articles) for e in events]
    body = b"".join(stream_csv([rows[:3], rows[3:]]))
    assert body == events_to_csv(events, labels, articles)
    first = next(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
    assert (first["source_label"], first["target_label"]) == ("Russia", ACTORS["TUR"].label)
    assert (first["article_title"], first["article_url"], first["article_published"]) == (
        'Talks, "again"',
        "https://x.test/a?b=1",
        "2021-01-14",
    )


def test_csv_guards_article_ids_against_formulas() -> None:
    row = csv_row_of(make_event(eid=1, article_id="=HYPERLINK(1)"))
    body = b"".join(stream_csv([[row]])).decode("utf-8")
    assert ",'=HYPERLINK(1)," in body
    assert b",'=HYPERLINK(1)," in events_to_csv([make_event(eid=1, article_id="=HYPERLINK(1)")])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_large_chunks_with_a_few_awkward_rows(fmt: str, schemas: Path, tmp_path: Path) -> None:
    """Most rows take the fast path; the few that need escaping or cleaning are found
    inside a 600-row chunk and written as carefully as in a chunk of their own."""
    awkward = [AWKWARD, "ctrl\x01char", 'a "quote"', "line\nbreak", "tab\there", "x > y"]
    events = [
        ev("RUS", "TUR", i, sentence=awkward[i // 97 % 6] if i % 97 == 0 else f"Talks {i}.")
        for i in range(1, 1201)
    ]
    body, _ = stream(fmt, events, chunk=600)
    if fmt == "json":
        H = nx.node_link_graph(json.loads(body), edges="edges")
    else:
        path = tmp_path / f"big.{fmt}"
        path.write_bytes(body)
        assert validate(fmt, schemas, path).returncode == 0
        reader = partial(nx.read_graphml, force_multigraph=True, edge_key_type=str)
        H = reader(path) if fmt == "graphml" else nx.read_gexf(path)
    sentences = {k: d["sentence"] for *_, k, d in H.edges(keys=True, data=True)}
    assert sentences == {str(e.id): e.sentence.replace("\x01", "") for e in events}
