"""The reference article (../shared/seed): the country-level edges issue 2 lists, with dates,
provenance and no edge the article does not state."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

from graphsvc.models import Event

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seed"
PUBLISHED = date(2021, 1, 13)
ALLOWED_PAIRS = {
    frozenset(("RUS", "TUR")),
    frozenset(("RUS", "AZE")),
    frozenset(("RUS", "ARM")),
    frozenset(("AZE", "ARM")),
}
# Consultation codes proper: 045 (mediation) shares root 04 but is not a meeting.
MEETING_CODES = {"040", "041", "042", "043", "044", "046"}


def pair(ev: Event) -> frozenset[str]:
    return frozenset((ev.source, ev.target))


def describe(ev: Event) -> str:
    return f"{ev.source}->{ev.target} {ev.code} {ev.date} {ev.trigger_text!r}"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_DIR.is_dir():
        pytest.skip(f"seed folder {SEED_DIR} is absent")
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        pytest.skip(f"no seed article in {SEED_DIR}")
    return files[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def extractor():
    from graphsvc.extract import Extractor

    return Extractor()


@pytest.fixture(scope="module")
def events(extractor, seed_text: str) -> list[Event]:
    return extractor.extract(seed_text, published=PUBLISHED, doc_id="seed")


@pytest.fixture(scope="module")
def real(events: list[Event]) -> list[Event]:
    return [e for e in events if not e.negated]


def test_phone_call_russia_to_turkey_dated_wednesday(real: list[Event]) -> None:
    found = {(e.source, e.target, e.code, e.date) for e in real}
    assert ("RUS", "TUR", "041", date(2021, 1, 13)) in found, [describe(e) for e in real]


@pytest.mark.parametrize("a,b", [("RUS", "AZE"), ("RUS", "ARM"), ("AZE", "ARM")])
def test_trilateral_meeting_pairs(real: list[Event], a: str, b: str) -> None:
    found = {pair(e) for e in real if e.root == "04" and e.code in MEETING_CODES}
    assert frozenset((a, b)) in found, [describe(e) for e in real]


def test_pact_signed_monday_by_all_three(real: list[Event]) -> None:
    pact = {pair(e) for e in real if e.code == "057" and e.date == date(2021, 1, 11)}
    expected = {frozenset(("RUS", "AZE")), frozenset(("RUS", "ARM")), frozenset(("AZE", "ARM"))}
    assert expected <= pact, [describe(e) for e in real]


def test_pact_pairs_share_one_group(real: list[Event]) -> None:
    pact = [
        e
        for e in real
        if e.code == "057" and e.date == date(2021, 1, 11) and pair(e) <= {"RUS", "AZE", "ARM"}
    ]
    groups = {e.group_id for e in pact}
    assert len(pact) == 3, [describe(e) for e in pact]
    assert len(groups) == 1 and None not in groups, groups


def test_november_agreement_between_azerbaijan_and_armenia(real: list[Event]) -> None:
    found = {(pair(e), e.code, e.date) for e in real}
    assert (frozenset(("AZE", "ARM")), "057", date(2020, 11, 10)) in found


@pytest.mark.parametrize("target", ["AZE", "ARM"])
def test_russia_mediates(real: list[Event], target: str) -> None:
    assert any(e.source == "RUS" and e.target == target and e.code == "045" for e in real), [
        describe(e) for e in real
    ]


def test_armenian_army_attacks_on_september_27(real: list[Event]) -> None:
    attacks = [e for e in real if (e.source, e.target, e.root) == ("ARM", "AZE", "19")]
    assert attacks, [describe(e) for e in real]
    assert any(e.date == date(2020, 9, 27) and e.source_sector == "MIL" for e in attacks), [
        (describe(e), e.source_sector) for e in attacks
    ]


def test_joint_turkish_russian_centre(real: list[Event]) -> None:
    assert any(pair(e) == {"TUR", "RUS"} and e.root == "06" for e in real), [
        describe(e) for e in real
    ]


def test_no_pair_the_article_does_not_connect(events: list[Event]) -> None:
    stray = [describe(e) for e in events if pair(e) not in ALLOWED_PAIRS]
    assert not stray


def test_nothing_negated(events: list[Event]) -> None:
    assert not [describe(e) for e in events if e.negated]


def test_no_duplicate_interaction(events: list[Event]) -> None:
    """Two events state the same interaction when pair, code and date agree and either one
    is symmetric (it covers both directions) or both run the same way."""
    by_key: dict[tuple, list[Event]] = defaultdict(list)
    for e in events:
        by_key[(pair(e), e.code, e.date)].append(e)
    dupes = []
    for group in by_key.values():
        for e1, e2 in combinations(group, 2):
            same_way = (e1.source, e1.target) == (e2.source, e2.target)
            if e1.symmetric or e2.symmetric or same_way:
                dupes.append((describe(e1), describe(e2)))
    assert not dupes


def test_provenance_offsets(events: list[Event], seed_text: str) -> None:
    assert events
    for e in events:
        where = describe(e)
        sent_start = e.sentence_start
        sent_end = sent_start + len(e.sentence)
        assert seed_text[sent_start:sent_end] == e.sentence, where
        assert seed_text[e.trigger_start : e.trigger_end] == e.trigger_text, where
        assert seed_text[e.source_start : e.source_end] == e.source_text, where
        assert seed_text[e.target_start : e.target_end] == e.target_text, where
        for start, end in (
            (e.trigger_start, e.trigger_end),
            (e.source_start, e.source_end),
            (e.target_start, e.target_end),
        ):
            assert sent_start <= start < end <= sent_end, where
        assert e.trigger_text and e.source_text and e.target_text, where


def test_confidence_and_article_id(events: list[Event]) -> None:
    for e in events:
        assert 0.0 <= e.confidence <= 1.0, describe(e)
        assert e.article_id == "seed"
        assert e.mentions >= 1
