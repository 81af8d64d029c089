"""GraphService over a real store (SQLite, and PostgreSQL when GRAPHSVC_TEST_DATABASE_URL is
set) with a small fake extractor, so these tests need no spaCy model."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from pg_schema import throwaway_schema

import graphsvc.service as service_module
from graphsvc.errors import Conflict, InvalidInput, NotFound
from graphsvc.models import Actor, ArticleInput, Event, EventFilter
from graphsvc.service import GraphService, IngestSummary
from graphsvc.settings import Settings
from graphsvc.store import Store

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
# "RUS 041 TUR" in a text is an event RUS -> TUR with CAMEO code 041 (a test notation).
TRIPLE = re.compile(r"\b([A-Z]{3}) (\d{3}) ([A-Z]{3})\b")
GOLDSTEIN = {"04": 1.0, "05": 3.5, "06": 6.0, "11": -2.0, "19": -10.0}


class FakeExtractor:
    version = "fake-1"

    def __init__(self) -> None:
        self.calls = 0

    def actors(self) -> list[Actor]:
        return [
            Actor("RUS", "Russia", "state", ("Russian Federation", "Moscow")),
            Actor("TUR", "Turkey", "state", ("Türkiye",)),
            Actor("AZE", "Azerbaijan", "state"),
            Actor("ARM", "Armenia", "state"),
            Actor("UNO", "United Nations", "igo", ("UN",)),
        ]

    def extract(
        self, text: str, *, published: date | None = None, doc_id: str | None = None
    ) -> list[Event]:
        self.calls += 1
        events = []
        for m in TRIPLE.finditer(text):
            source, code, target = m.groups()
            root = code[:2]
            quad = 1 if int(root) <= 5 else 2 if int(root) <= 9 else 3 if int(root) <= 14 else 4
            events.append(
                Event(source, target, code, root, quad, GOLDSTEIN.get(root, 0.0),
                      f"Code {code}", published, "published" if published else "day",
                      text, trigger_text=code, trigger_start=m.start(2),
                      trigger_end=m.end(2), article_id=doc_id)
            )  # fmt: skip
        return events

    def extract_many(
        self, docs: Iterable[ArticleInput], *, processes: int = 1
    ) -> Iterator[tuple[ArticleInput, list[Event]]]:
        for doc in docs:
            yield doc, self.extract(doc.text, published=doc.published, doc_id=doc.id)


@pytest.fixture(params=["sqlite"] + (["postgresql"] if PG_URL else []))
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_svc") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'svc.db'}"


@pytest.fixture
def fake() -> FakeExtractor:
    return FakeExtractor()


@pytest.fixture
def svc(db_url: str, fake: FakeExtractor) -> Iterator[GraphService]:
    service = GraphService(Settings(db=db_url, events_page_max=4, page_node_cap=3), extractor=fake)
    yield service
    service.close()


def add(svc: GraphService, body: str, **kw: object) -> None:
    svc.ingest(ArticleInput(text=body, **kw))  # type: ignore[arg-type]


@pytest.fixture
def loaded(svc: GraphService) -> GraphService:
    add(svc, "RUS 041 TUR. TUR 042 RUS.", id="a1", title="Calls <b>", published=date(2021, 1, 13))
    add(svc, "RUS 057 AZE. ARM 190 AZE. RUS 041 TUR.", id="a2", published=date(2021, 2, 1))
    add(svc, "UNO 043 ARM. XYZ 111 RUS.", id="a3")
    return svc


# -- ingest -------------------------------------------------------------------------------


def test_actors_upserted_on_start(svc: GraphService) -> None:
    assert svc.actor("rus") == Actor("RUS", "Russia", "state", ("Russian Federation", "Moscow"))
    assert set(svc.store.actors()) == {"RUS", "TUR", "AZE", "ARM", "UNO"}


def test_ingest_stores_article_and_events(svc: GraphService, fake: FakeExtractor) -> None:
    result = svc.ingest(ArticleInput(text="RUS 041 TUR and TUR 042 RUS.", title="T"))
    assert result.created
    assert result.article.id == result.article.content_hash[:16]
    assert [(e.source, e.target, e.code) for e in result.events] == [
        ("RUS", "TUR", "041"),
        ("TUR", "RUS", "042"),
    ]
    assert all(e.id is not None and e.article_id == result.article.id for e in result.events)
    assert all(e.extractor_version == "fake-1" for e in result.events)
    article, events = svc.get_article(result.article.id)
    assert article == result.article and events == result.events
    assert fake.calls == 1


def test_ingest_is_idempotent_without_re_extracting(svc: GraphService, fake: FakeExtractor) -> None:
    first = svc.ingest(ArticleInput(text="RUS 041 TUR.", id="x1"))
    version = svc.store.version
    again = svc.ingest(ArticleInput(text="RUS 041 TUR.", id="x1"))
    same_text = svc.ingest(ArticleInput(text="RUS  041\nTUR.", id="x2"))
    assert not again.created and not same_text.created
    assert again.article == first.article == same_text.article
    assert again.events == first.events
    assert fake.calls == 1 and svc.store.version == version


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (ArticleInput(text=""), "empty"),
        (ArticleInput(text=" \n\t "), "empty"),
        (ArticleInput(text="ok", id="has space"), "id"),
        (ArticleInput(text="ok", id="a/b"), "id"),
        (ArticleInput(text="ok", id="x" * 201), "id"),
    ],
)
def test_ingest_rejects_bad_input(svc: GraphService, item: ArticleInput, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        svc.ingest(item)
    assert svc.store.count_articles() == 0


def test_ingest_conflict_on_same_id_other_text(svc: GraphService) -> None:
    svc.ingest(ArticleInput(text="first", id="c1"))
    with pytest.raises(Conflict):
        svc.ingest(ArticleInput(text="second", id="c1"))


def test_ingest_many_summary_and_progress(svc: GraphService) -> None:
    svc.ingest(ArticleInput(text="RUS 041 TUR.", id="old"))
    seen: list[int] = []
    items = [
        ArticleInput(text="RUS 041 TUR.", id="old"),  # already stored
        ArticleInput(text="ARM 190 AZE. AZE 190 ARM.", id="n1"),
        ArticleInput(text="   "),  # error
        ArticleInput(text="UNO 043 ARM.", id="n2"),
        ArticleInput(text="UNO  043 ARM.", id="n3"),  # same text as n2 in the same batch
        ArticleInput(text="different", id="n1"),  # id taken by other text, in the same batch
    ]
    summary = svc.ingest_many(iter(items), progress=seen.append)
    assert (summary.articles_added, summary.articles_skipped, summary.events_added) == (2, 2, 3)
    assert len(summary.errors) == 2
    assert "item 3" in summary.errors[0] and "empty" in summary.errors[0]
    assert "n1" in summary.errors[1]
    assert seen == [1, 2, 3, 4, 5, 6]
    assert svc.store.count_articles() == 3


def test_ingest_many_empty() -> None:
    service = GraphService(Settings(db="sqlite://"), extractor=FakeExtractor())
    try:
        assert service.ingest_many([]) == IngestSummary(0, 0, 0, [])
    finally:
        service.close()


# -- articles -----------------------------------------------------------------------------


def test_articles_listing_and_deleting(loaded: GraphService) -> None:
    page = loaded.list_articles(limit=2)
    assert [a.id for a in page.items] == ["a3", "a2"] and page.total == 3
    rest = loaded.list_articles(limit=2, cursor=page.next_cursor)
    assert [a.id for a in rest.items] == ["a1"] and rest.next_cursor is None
    assert len(loaded.list_articles(limit=1000).items) == 3  # capped, not refused
    with pytest.raises(InvalidInput):
        loaded.list_articles(limit=0)
    loaded.delete_article("a1")
    with pytest.raises(NotFound):
        loaded.get_article("a1")
    with pytest.raises(NotFound):
        loaded.delete_article("a1")
    assert loaded.store.count_events(EventFilter(actors=frozenset({"TUR"}))) == 1


# -- actors, relations, events ------------------------------------------------------------


def test_list_actors_counts_and_search(loaded: GraphService) -> None:
    rows = loaded.list_actors()
    assert [(r.actor.code, r.event_count) for r in rows][:2] == [("RUS", 5), ("TUR", 3)]
    xyz = next(r for r in rows if r.actor.code == "XYZ")
    assert xyz.actor.label == "XYZ" and (xyz.as_source, xyz.as_target) == (1, 0)
    # Names of the gazetteer count too (Turkmenistan, never in this store): best match first.
    turk = [r.actor.code for r in loaded.list_actors(q="türk")]
    assert turk[0] == "TUR" and "TKM" in turk
    assert loaded.list_actors(q="un")[0].actor.code == "UNO"  # via alias "UN"
    assert [r.actor.code for r in loaded.list_actors(q="xy")] == ["XYZ"]  # in events only
    filtered = loaded.list_actors(filters=EventFilter(quad_classes=frozenset({4})))
    assert {r.actor.code for r in filtered} == {"ARM", "AZE"}


def test_actor_lookup(loaded: GraphService) -> None:
    assert loaded.actor(" tur ").label == "Turkey"
    assert loaded.actor("XYZ") == Actor("XYZ", "XYZ", "")  # in events only
    with pytest.raises(NotFound, match="QQQ"):
        loaded.actor("QQQ")


def test_actor_profile(loaded: GraphService) -> None:
    profile = loaded.actor_profile("RUS")
    assert profile.event_count == 5
    assert profile.partners[0] == {
        "code": "TUR",
        "label": "Turkey",
        "count": 3,
        "mean_goldstein": 1.0,
        "cooperation": 3,
        "conflict": 0,
    }
    assert {p["code"] for p in profile.partners} == {"TUR", "AZE", "XYZ"}
    assert profile.by_root == {"04": 3, "05": 1, "11": 1}
    assert profile.by_quad_class == {1: 4, 3: 1}
    assert profile.recent_events[0].date == date(2021, 2, 1)
    assert profile.recent_events[-1].date is None
    titles = {e.article_id: e.extra.get("article_title") for e in profile.recent_events}
    assert titles == {"a1": "Calls <b>", "a2": None, "a3": None}
    dated = loaded.actor_profile("RUS", EventFilter(date_to=date(2021, 1, 31)))
    assert dated.event_count == 2
    with pytest.raises(NotFound):
        loaded.actor_profile("QQQ")


def test_relation_directed_and_undirected(loaded: GraphService) -> None:
    both = loaded.relation("rus", "TUR", directed=False)
    assert (both.source, both.target, both.directed, both.count) == ("RUS", "TUR", False, 3)
    assert both.by_code == {"041": 2, "042": 1}
    assert (both.first_date, both.last_date) == (date(2021, 1, 13), date(2021, 2, 1))
    assert both.mean_goldstein == 1.0 and both.cooperation == 3 and both.conflict == 0
    assert {e.extra.get("article_title") for e in both.events} == {"Calls <b>", None}
    one_way = loaded.relation("TUR", "RUS", directed=True)
    assert one_way.count == 1 and one_way.by_code == {"042": 1}
    empty = loaded.relation("UNO", "TUR", directed=False)
    assert empty.count == 0 and empty.mean_goldstein is None and empty.events == []
    with pytest.raises(NotFound):
        loaded.relation("RUS", "QQQ", directed=True)


def test_relation_events_are_capped(svc: GraphService) -> None:
    add(svc, " ".join(f"RUS 04{i} TUR." for i in range(6)))
    relation = svc.relation("RUS", "TUR", directed=True)
    assert relation.count == 6 and len(relation.events) == 4


def test_events_pages_are_capped(loaded: GraphService) -> None:
    page = loaded.events(EventFilter(), limit=100)
    assert len(page.items) == 4 and page.total == 7 and page.next_cursor
    rest = loaded.events(EventFilter(), limit=100, cursor=page.next_cursor)
    assert len(rest.items) == 3 and rest.next_cursor is None
    assert {e.id for e in page.items}.isdisjoint({e.id for e in rest.items})
    with pytest.raises(InvalidInput):
        loaded.events(EventFilter(), limit=0)
    with pytest.raises(InvalidInput):
        loaded.events(EventFilter(), limit=2, cursor="nonsense")


# -- graphs, caching, exports, pages ------------------------------------------------------


def test_graphs_are_cached_frozen_and_refreshed_by_writes(loaded: GraphService) -> None:
    multi = loaded.multigraph()
    assert multi is loaded.multigraph(EventFilter())
    assert multi.number_of_edges() == 7 and multi.nodes["RUS"]["label"] == "Russia"
    with pytest.raises(nx.NetworkXError):
        multi.add_edge("A", "B")
    dyads = loaded.dyad_graph()
    assert dyads is loaded.dyad_graph() and nx.is_frozen(dyads)
    assert dyads.edges["RUS", "TUR"]["count"] == 2
    add(loaded, "RUS 041 TUR again.")
    assert loaded.dyad_graph() is not dyads
    assert loaded.dyad_graph().edges["RUS", "TUR"]["count"] == 3
    assert multi.number_of_edges() == 7  # the old object was left alone


def test_cache_sees_writes_of_another_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'two.db'}"
    reader = GraphService(Settings(db=url), extractor=FakeExtractor())
    writer = GraphService(Settings(db=url), extractor=FakeExtractor())
    try:
        assert reader.dyad_graph().number_of_edges() == 0
        writer.ingest(ArticleInput(text="RUS 041 TUR."))
        assert reader.dyad_graph().number_of_edges() == 1
    finally:
        reader.close()
        writer.close()


def test_graph_filters_and_min_count(loaded: GraphService) -> None:
    strong = EventFilter(min_count=2)
    assert list(loaded.dyad_graph(strong).edges) == [("RUS", "TUR")]
    assert loaded.multigraph(strong).number_of_edges() == 2
    conflict = loaded.dyad_graph(EventFilter(quad_classes=frozenset({3, 4})))
    assert set(conflict.edges) == {("ARM", "AZE"), ("XYZ", "RUS")}


def test_ego_graph(loaded: GraphService) -> None:
    ego = loaded.ego_graph("aze")
    assert sorted(ego) == ["ARM", "AZE", "RUS"]
    assert ("UNO", "ARM") not in ego.edges
    assert nx.is_frozen(ego)
    idle = loaded.ego_graph("UNO", EventFilter(quad_classes=frozenset({4})))
    assert list(idle.nodes(data=True)) == [
        ("UNO", {"label": "United Nations", "kind": "igo", "event_count": 0})
    ]
    with pytest.raises(NotFound):
        loaded.ego_graph("QQQ")


def test_exports(loaded: GraphService) -> None:
    body, media = loaded.export("graphml")
    assert media == "application/graphml+xml"
    G = nx.read_graphml(io.BytesIO(body), force_multigraph=True)
    assert G.number_of_edges() == 7
    body, media = loaded.export("GEXF", multi=False)
    assert media == "application/gexf+xml"
    assert nx.read_gexf(io.BytesIO(body)).number_of_edges() == loaded.dyad_graph().number_of_edges()
    body, media = loaded.export("json", EventFilter(actors=frozenset({"ARM"})))
    data = json.loads(body)
    assert media == "application/json" and len(data["edges"]) == 2 and data["multigraph"]
    assert body == loaded.graph_json(EventFilter(actors=frozenset({"ARM"})), multi=True)
    assert not json.loads(loaded.graph_json(EventFilter(), multi=False))["multigraph"]
    body, media = loaded.export("csv", EventFilter(min_count=2))
    assert media.startswith("text/csv")
    assert len(body.decode().strip().splitlines()) == 1 + 2
    with pytest.raises(InvalidInput, match="graphml"):
        loaded.export("pdf")


def test_view_html(loaded: GraphService) -> None:
    page = loaded.view_html(EventFilter(), title="Graph <script>")
    assert "Graph &lt;script&gt;" in page and "<script>" not in page.replace(
        '<script type="application/json" id="graph-data">', ""
    )
    assert "Showing the 3 most active of 6 actors" in page  # page_node_cap=3
    ego = loaded.view_html(EventFilter(), ego="arm", title="ARM")
    assert 'data-nodes="3"' in ego and "Code 190" in ego
    with pytest.raises(NotFound):
        loaded.view_html(EventFilter(), ego="QQQ", title="x")


def test_stats(loaded: GraphService) -> None:
    stats = loaded.stats()
    assert (stats["articles"], stats["events"], stats["actors"]) == (3, 7, 6)
    assert stats["top_actors"][0].actor.code == "RUS"
    assert [a.id for a in stats["recent_articles"]] == ["a3", "a2", "a1"]


def test_ontology(svc: GraphService) -> None:
    codes = {c.code: c for c in svc.ontology()}
    assert codes["041"].root == "04" and codes["190"].quad_class == 4


# -- demo corpus and lifecycle ------------------------------------------------------------


def test_load_demo_if_empty(
    svc: GraphService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = tmp_path / "articles.jsonl"
    lines = [
        {"id": "d1", "title": "One", "source": "desk", "published": "2021-01-13",
         "text": "RUS 041 TUR."},
        {"id": "d2", "title": "Two", "url": "https://example.org/2", "text": "ARM 190 AZE."},
    ]  # fmt: skip
    demo.write_text(
        "\n".join(json.dumps(x) for x in lines) + '\n{"broken": \n\n{"id": "no text"}\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(service_module, "DEMO_FILE", demo)
    assert svc.load_demo_if_empty() == 2
    assert svc.get_article("d1")[0].published == date(2021, 1, 13)
    assert svc.load_demo_if_empty() == 0
    monkeypatch.setattr(service_module, "DEMO_FILE", tmp_path / "missing.jsonl")
    assert svc.load_demo_if_empty() == 0


def test_bundled_demo_corpus_loads(svc: GraphService) -> None:
    path = service_module.DEMO_FILE
    if not path.exists():
        pytest.skip("the demo corpus is not written yet")
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert svc.load_demo_if_empty() == len({r["id"] for r in rows}) >= 15


def test_close_leaves_a_given_store_open(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'given.db'}")
    service = GraphService(Settings(db="unused"), extractor=FakeExtractor(), store=store)
    service.close()
    assert store.count_articles() == 0  # still usable
    store.close()


def test_extractor_created_lazily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graphsvc.extract

    made: list[Settings] = []

    class Lazy(FakeExtractor):
        def __init__(self, settings: Settings) -> None:
            super().__init__()
            made.append(settings)

    # Into the module dict: getattr would trigger the package's lazy import of spaCy.
    monkeypatch.setitem(vars(graphsvc.extract), "Extractor", Lazy)
    settings = Settings(db=str(tmp_path / "lazy.db"))
    service = GraphService(settings)
    try:
        assert made == [] and service.store.actors() == {}
        service.ingest(ArticleInput(text="RUS 041 TUR."))
        assert made == [settings] and "RUS" in service.store.actors()
        service.ingest(ArticleInput(text="TUR 042 RUS."))
        assert len(made) == 1
    finally:
        service.close()


def test_a_write_keeps_cached_answers_it_does_not_touch(loaded: GraphService) -> None:
    """Invalidation by what changed: an event of 2024 leaves the January 2021 graph cached;
    one in January 2021 (or any event, for the unfiltered graph) rebuilds it."""
    january = EventFilter(date_from=date(2021, 1, 1), date_to=date(2021, 1, 31))
    cached, everything = loaded.dyad_graph(january), loaded.dyad_graph()
    add(loaded, "ARM 041 AZE in 2024.", published=date(2024, 5, 2))
    assert loaded.dyad_graph(january) is cached
    assert loaded.dyad_graph() is not everything
    add(loaded, "ARM 041 AZE in 2021.", published=date(2021, 1, 20))
    rebuilt = loaded.dyad_graph(january)
    assert rebuilt is not cached and rebuilt.has_edge("ARM", "AZE")
    # A deletion may remove anything: every answer is rebuilt.
    loaded.delete_article("a1")
    assert loaded.dyad_graph(january) is not rebuilt


def test_dyad_graph_from_rollups_matches_the_events(loaded: GraphService) -> None:
    from graphsvc.graph import build_dyad_graph

    for f in (EventFilter(), EventFilter(date_from=date(2021, 1, 20)), EventFilter(min_count=2)):
        want = build_dyad_graph(loaded.store.query_events(f)[0], loaded.store.actors(),
                                min_count=f.min_count, root_labels=loaded._root_labels)  # fmt: skip
        got = loaded.dyad_graph(f)
        assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
        assert {(u, v): d for u, v, d in got.edges(data=True)} == {
            (u, v): d for u, v, d in want.edges(data=True)
        }


def test_relation_and_actor_time_series(loaded: GraphService) -> None:
    rel = loaded.relation("RUS", "TUR", directed=False)
    assert rel.interval == "day"  # 13 January to 1 February: a short span
    by_period = {p.period: p for p in rel.series}
    assert by_period["2021-01-13"].count == 2 and by_period["2021-01-13"].by_quad_class[1] == 2
    assert by_period["2021-02-01"].count == 1
    assert len(rel.series) == 20  # every day from the first to the last, empty ones too
    monthly = loaded.relation("RUS", "TUR", directed=False, interval="month").series
    assert [(p.period, p.count, p.goldstein_sum) for p in monthly] == [
        ("2021-01", 2, 2.0),
        ("2021-02", 1, 1.0),
    ]
    weekly = loaded.actor_profile("AZE", interval="week")
    assert [(p.period, p.count, p.by_quad_class[4]) for p in weekly.series] == [("2021-W05", 2, 1)]
    assert sum(p.count for p in loaded.actor_profile("RUS", interval="year").series) == 4
