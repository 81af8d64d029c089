"""node-link JSON and CSV exports."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx
from factories import make_event

from graphsvc.graph import build_dyad_graph, build_multigraph
from graphsvc.models import Actor, Event
from graphsvc.render import MEDIA_TYPES, events_to_csv, to_node_link_json
from graphsvc.render.csv import COLUMNS

ACTORS = [Actor("RUS", "Russia"), Actor("TUR", "Türkiye")]


def ev(eid: int | None, **kw: Any) -> Event:
    kw.setdefault("sentence", 'Putin said "yes", <b>then</b> & 🚀\nnew line')
    kw.setdefault("article_id", "a1")
    return make_event(eid=eid, **kw)


def test_node_link_round_trip_multigraph() -> None:
    G = build_multigraph([ev(1), ev(2), ev(3, source="TUR", target="RUS")], ACTORS)
    body = to_node_link_json(G)
    data = json.loads(body)
    assert "edges" in data and "links" not in data
    H = nx.node_link_graph(data, edges="edges")
    assert H.is_multigraph() and H.is_directed()
    assert H.number_of_edges("RUS", "TUR") == 2
    assert nx.utils.edges_equal(H.edges(keys=True, data=True), G.edges(keys=True, data=True))
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))


def test_node_link_round_trip_dyads() -> None:
    G = build_dyad_graph([ev(1), ev(2)], ACTORS)
    H = nx.node_link_graph(json.loads(to_node_link_json(G)), edges="edges")
    assert not H.is_multigraph()
    assert H.edges["RUS", "TUR"] == G.edges["RUS", "TUR"]
    assert H.nodes["TUR"]["label"] == "Türkiye"


def parse(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def test_csv_header_and_rows() -> None:
    body = events_to_csv([ev(1), ev(2, date=None, source_sector="GOV", negated=True)])
    header = body.decode("utf-8").splitlines()[0]
    assert header.split(",") == list(COLUMNS)
    rows = parse(body)
    assert len(rows) == 2
    assert rows[0]["event_id"] == "1" and rows[0]["date"] == "2021-01-13"
    assert rows[0]["sentence"] == ev(1).sentence  # quotes, newline and emoji survive
    assert rows[1]["date"] == "" and rows[1]["source_sector"] == "GOV"
    assert rows[1]["negated"] == "True" and rows[0]["target_sector"] == ""
    assert rows[0]["goldstein"] == "1.0"


def test_csv_empty_has_header_only() -> None:
    assert parse(events_to_csv([])) == []
    assert events_to_csv([]).decode().strip() == ",".join(COLUMNS)


def test_csv_neutralises_spreadsheet_formulas() -> None:
    rows = parse(events_to_csv([ev(1, sentence="=HYPERLINK(1)", label="+1", goldstein=-2.0)]))
    assert rows[0]["sentence"] == "'=HYPERLINK(1)"
    assert rows[0]["label"] == "'+1"
    assert rows[0]["goldstein"] == "-2.0"  # numbers keep their sign


def test_media_types() -> None:
    assert set(MEDIA_TYPES) == {"graphml", "gexf", "json", "csv"}
    assert MEDIA_TYPES["csv"].startswith("text/csv")
