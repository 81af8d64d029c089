"""Property tests (hypothesis) for the text clean-up of the XML writers and for the CSV and
XML writers themselves: any text, control characters and astral planes included, reads back
through the csv module or an XML parser as written (minus what XML 1.0 cannot carry), and the
streamed and whole-graph writers agree."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import networkx as nx
from factories import make_event
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stream_support import csv_row_of, row_of

from graphsvc.graph import build_multigraph
from graphsvc.graph.build import clean_text
from graphsvc.models import Actor, Event, content_hash
from graphsvc.render import events_to_csv, to_gexf, to_graphml
from graphsvc.render._xml import attr, text
from graphsvc.render.csv import guard
from graphsvc.render.streaming import stream_csv, stream_gexf, stream_graphml
from graphsvc.render.streaming._common import clean
from graphsvc.rows import NodeRecord

PROPERTIES = settings(
    max_examples=150,
    derandomize=True,  # the same examples on every run
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Characters XML 1.0 allows: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ACTORS = {"RUS": Actor("RUS", "Russia", "state"), "TUR": Actor("TUR", "Turkey", "state")}
# Any character, with C0/C1 controls, the XML-forbidden U+FFFE/U+FFFF and astral characters
# drawn often; ANY_TEXT also lone surrogates, which a store cannot hold but a writer may see.
STORABLE_CHAR = st.one_of(
    st.characters(exclude_categories=["Cs"]),
    st.characters(max_codepoint=0x9F),
    st.sampled_from("\ufffe\uffff\U0001f1f7\u2028&<>\"'"),
)
STORABLE_TEXT = st.text(STORABLE_CHAR, max_size=40)
ANY_TEXT = st.text(
    st.one_of(STORABLE_CHAR, st.integers(0xD800, 0xDFFF).map(chr)),
    max_size=40,
)


def xml_legal(value: str) -> str:
    return "".join(c for c in value if XML_CHAR.fullmatch(c))


@PROPERTIES
@given(ANY_TEXT)
def test_clean_keeps_exactly_the_characters_xml_allows(value: str) -> None:
    assert clean(value) == clean_text(value) == xml_legal(value)
    assert clean(clean(value)) == clean(value)


@PROPERTIES
@given(ANY_TEXT)
def test_escaped_text_and_attributes_parse_back_to_the_clean_text(value: str) -> None:
    element = ET.fromstring(f'<e a="{attr(value)}">{text(value)}</e>'.encode())
    assert element.get("a") == xml_legal(value)
    assert (element.text or "") == xml_legal(value)


@PROPERTIES
@given(st.lists(st.text(st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u2003abc"), min_size=1), min_size=1))
def test_content_hash_ignores_how_words_are_spaced(parts: list[str]) -> None:
    words = " ".join(parts).split()
    assert content_hash("\n\t".join(words) + "  ") == content_hash(" ".join(words))


def _events(texts: list[tuple[str, str, str]]) -> list[Event]:
    return [
        make_event("RUS", "TUR", n, sentence=s, source_text=a, article_id=a or "x", group_id=g)
        for n, (s, a, g) in enumerate(texts, start=1)
    ]


EVENT_TEXTS = st.lists(st.tuples(STORABLE_TEXT, STORABLE_TEXT, STORABLE_TEXT), max_size=4)


@PROPERTIES
@given(EVENT_TEXTS)
def test_csv_reads_back_as_written(texts: list[tuple[str, str, str]]) -> None:
    events = _events(texts)
    body = events_to_csv(events)
    assert b"".join(stream_csv([[csv_row_of(e) for e in events]])) == body
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
    assert [(r["sentence"], r["source_text"], r["group_id"]) for r in rows] == [
        (guard(s), guard(a), guard(g)) for s, a, g in texts
    ]


@PROPERTIES
@given(EVENT_TEXTS)
def test_graphml_and_gexf_parse_back_to_the_clean_text(texts: list[tuple[str, str, str]]) -> None:
    events = _events(texts)
    G = build_multigraph(events, ACTORS)
    nodes = [NodeRecord(c, d["label"], d["kind"], d["event_count"]) for c, d in G.nodes(data=True)]
    rows = [row_of(e) for e in events]
    expected = sorted((xml_legal(s), xml_legal(a)) for s, a, _ in texts)
    for body, read in (
        (b"".join(stream_graphml(nodes, [rows])), nx.read_graphml),
        (to_graphml(G), nx.read_graphml),
        (b"".join(stream_gexf(nodes, [rows])), nx.read_gexf),
        (to_gexf(G), nx.read_gexf),
    ):
        H = (
            read(io.BytesIO(body), force_multigraph=True)
            if read is nx.read_graphml
            else read(io.BytesIO(body))
        )
        got = sorted(
            (d.get("sentence", ""), d.get("source_text", "")) for *_, d in H.edges(data=True)
        )
        assert got == expected
