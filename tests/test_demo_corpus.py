"""The bundled demo corpus: well-formed JSON lines the ingest path and demos can rely on."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "graphsvc" / "demo" / "articles.jsonl"
FIELDS = {"id", "title", "source", "published", "url", "text"}


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    out = []
    for number, line in enumerate(lines, start=1):
        assert line.strip(), f"blank line {number}"
        record = json.loads(line)
        assert isinstance(record, dict), f"line {number} is not an object"
        out.append(record)
    return out


def test_count(records: list[dict[str, object]]) -> None:
    assert 15 <= len(records) <= 30


def test_fields_and_types(records: list[dict[str, object]]) -> None:
    for record in records:
        assert set(record) == FIELDS, record.get("id")
        for key in ("id", "title", "source", "text"):
            value = record[key]
            assert isinstance(value, str) and value.strip() == value and value, (record["id"], key)
        assert record["source"] == "graphsvc demo"
        assert record["url"] is None
        assert re.fullmatch(r"demo-\d{2}", str(record["id"]))


def test_unique_ids_and_texts(records: list[dict[str, object]]) -> None:
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    texts = [r["text"] for r in records]
    assert len(texts) == len(set(texts))


def test_published_dates(records: list[dict[str, object]]) -> None:
    for record in records:
        published = date.fromisoformat(str(record["published"]))
        assert date(2019, 1, 1) <= published <= date(2026, 12, 31)


def test_story_length(records: list[dict[str, object]]) -> None:
    # 3-7 sentences: count sentence ends, ignoring abbreviations such as "U.S." and "Jan.".
    for record in records:
        text = re.sub(
            r"\b(?:[A-Z]\.)+|\b(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec|St)\.", "X", str(record["text"])
        )
        sentences = re.findall(r"[.!?](?=\s+[A-Z\"“]|\s*$)", text)
        assert 3 <= len(sentences) <= 7, (record["id"], len(sentences))


# -- the edges the demo /view draws -------------------------------------------------------
# eval/demo-gold.jsonl: the demo stories annotated by hand under eval/README.md's rules (every
# event a careful analyst would code, not only what the coder finds). Every event the coder
# emits as fact must be in it: pair, type (CAMEO root) and direction. Missing events are
# allowed (recall is measured elsewhere); a wrong edge on the demo page is not.
DEMO_GOLD = Path(__file__).resolve().parents[1] / "eval" / "demo-gold.jsonl"


def test_demo_gold_matches_the_corpus(records: list[dict[str, object]]) -> None:
    from graphsvc.evaluate import load_gold

    gold = {doc.id: doc for doc in load_gold(DEMO_GOLD)}
    assert set(gold) == {r["id"] for r in records}
    for record in records:
        doc = gold[str(record["id"])]
        assert doc.text == record["text"], record["id"]
        for event in doc.events:
            assert event.evidence in doc.text, (doc.id, event.evidence)


def test_every_drawn_demo_edge_is_right() -> None:
    from graphsvc.evaluate import run_evaluation
    from graphsvc.extract import Extractor

    report = run_evaluation(Extractor(), DEMO_GOLD, "gold")
    for level in ("pair", "pair_root", "directed"):
        assert report.levels[level].fp == 0, (level, report.levels[level])
    assert report.negated_emitted == 0
    # the coder still finds most of the demo's events (measured 0.65 of pairs)
    assert report.levels["pair"].recall >= 0.6
