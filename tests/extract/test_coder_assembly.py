"""Assembly of coded events: one event per interaction and article, and a worker pool that
changes nothing but the speed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from factories import make_event

from graphsvc.extract.assemble import deduplicate
from graphsvc.models import ArticleInput, Event

MONDAY = date(2021, 1, 11)
PUBLISHED = date(2021, 1, 13)


def make(
    source: str = "POL",
    target: str = "RUS",
    code: str = "114",
    *,
    when: date | None = MONDAY,
    precision: str = "day",
    symmetric: bool = False,
    negated: bool = False,
    mentions: int = 1,
    at: int = 0,
) -> Event:
    """A hand-built event; ``at`` places its sentence and trigger in the article."""
    return make_event(
        source,
        target,
        code=code,
        root=code[:2],
        quad_class=3,
        goldstein=-2.0,
        label=f"code {code}",
        date=when,
        date_precision=precision,
        sentence=f"sentence at {at}",
        sentence_start=at,
        trigger_text="x",
        trigger_start=at + 1,
        trigger_end=at + 2,
        symmetric=symmetric,
        negated=negated,
        mentions=mentions,
        article_id="a1",
    )


def undated(**kwargs) -> Event:
    return make(when=PUBLISHED, precision="published", **kwargs)


def test_same_pair_code_and_date_merge() -> None:
    out = deduplicate([make(at=0), make(at=50)])
    assert len(out) == 1
    assert out[0].mentions == 2
    assert out[0].sentence_start == 0  # the first statement carries the provenance


def test_merged_mentions_are_summed() -> None:
    out = deduplicate([make(at=0, mentions=2), make(at=50, mentions=3)])
    assert [e.mentions for e in out] == [5]


@pytest.mark.parametrize("undated_first", [False, True])
def test_undated_repeat_folds_into_dated(undated_first: bool) -> None:
    dated, repeat = make(at=0 if not undated_first else 50), undated(at=0 if undated_first else 50)
    events = [repeat, dated] if undated_first else [dated, repeat]
    out = deduplicate(events)
    assert len(out) == 1
    assert (out[0].date, out[0].date_precision) == (MONDAY, "day")
    assert out[0].mentions == 2


def test_undated_repeats_merge_among_themselves() -> None:
    out = deduplicate([undated(at=0), undated(at=40)])
    assert len(out) == 1
    assert (out[0].date_precision, out[0].mentions) == ("published", 2)


def test_two_dates_stay_two_events() -> None:
    out = deduplicate([make(at=0), make(at=60, when=date(2021, 1, 12))])
    assert sorted(e.date for e in out) == [MONDAY, date(2021, 1, 12)]
    assert all(e.mentions == 1 for e in out)


def test_symmetric_pair_is_order_insensitive() -> None:
    a = make("TUR", "GRC", "040", symmetric=True, at=0)
    b = make("GRC", "TUR", "040", symmetric=True, at=70)
    out = deduplicate([a, b])
    assert len(out) == 1
    assert out[0].mentions == 2


def test_directed_pair_is_order_sensitive() -> None:
    out = deduplicate([make("ARM", "AZE", "190", at=0), make("AZE", "ARM", "190", at=70)])
    assert {(e.source, e.target) for e in out} == {("ARM", "AZE"), ("AZE", "ARM")}


def test_different_codes_stay_apart() -> None:
    out = deduplicate([make(code="114", at=0), make(code="161", at=0)])
    assert sorted(e.code for e in out) == ["114", "161"]


def test_negated_kept_apart_from_affirmed() -> None:
    out = deduplicate([make(at=0), make(at=80, negated=True)])
    assert sorted(e.negated for e in out) == [False, True]
    assert all(e.mentions == 1 for e in out)


def test_inputs_are_not_mutated() -> None:
    events = [make(at=0), make(at=50), undated(at=90)]
    before = [replace(e) for e in events]
    deduplicate(events)
    assert events == before


def test_output_in_text_order() -> None:
    events = [make("USA", "IRN", "163", at=120), make(at=10), make("JPN", "CHN", "114", at=60)]
    out = deduplicate(events)
    assert [e.sentence_start for e in out] == [10, 60, 120]


# -- the worker pool ---------------------------------------------------------------------------

DOCS = [
    ArticleInput(
        id="d1",
        text="Canada imposed sanctions on Russia on Monday. Ottawa also summoned the Russian "
        "ambassador.",
        published=PUBLISHED,
    ),
    ArticleInput(
        id="d2",
        text="Erdogan met Aliyev in Baku on Tuesday. The two leaders signed a gas agreement.",
        published=PUBLISHED,
    ),
    ArticleInput(
        id="d3",
        text="The French parliament passed a new pension law on Monday.",
        published=PUBLISHED,
    ),
    ArticleInput(
        id="d4",
        text="Japan sent humanitarian aid to Turkey. Turkish troops shelled Syrian positions.",
        published=None,
    ),
]


@pytest.fixture(scope="module")
def extractor():
    from graphsvc.extract import Extractor

    return Extractor()


def test_extract_many_two_processes_matches_one(extractor) -> None:
    serial = list(extractor.extract_many(DOCS, processes=1))
    pooled = list(extractor.extract_many(DOCS, processes=2))
    assert [doc.id for doc, _ in serial] == [d.id for d in DOCS]
    assert [doc.id for doc, _ in pooled] == [d.id for d in DOCS]
    assert [events for _, events in pooled] == [events for _, events in serial]
    assert sum(len(events) for _, events in serial) >= 4  # the documents do hold events
    for doc, events in serial:
        assert all(e.article_id == doc.id for e in events)
