"""The name index behind actor search: what names find, in what order, and why."""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.extract.gazetteer import Gazetteer, load_gazetteer
from graphsvc.extract.name_index import NameIndex, search_key
from graphsvc.models import Actor, AliasEntry, Role

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.build(load_gazetteer(), {}, today=TODAY)


def _codes(index: NameIndex, query: str) -> list[str]:
    return [h.code for h in index.search(query)]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Putin", "RUS"),
        ("putin", "RUS"),
        ("Kremlin", "RUS"),
        ("the Kremlin", "RUS"),
        ("Moscow", "RUS"),
        ("Russian", "RUS"),
        ("Russia", "RUS"),
        ("rus", "RUS"),
        ("Erdogan", "TUR"),
        ("Erdoğan", "TUR"),
        ("ERDOGAN", "TUR"),
        ("Ankara", "TUR"),
        ("NATO", "NAT"),
        ("Nato", "NAT"),
        ("North Atlantic Treaty Organization", "NAT"),
        ("U.S.", "USA"),
        ("Cote d'Ivoire", "CIV"),
        ("Kharkiv", "UKR"),
    ],
)
def test_a_name_finds_its_actor_first_and_resolves_to_it(
    index: NameIndex, query: str, code: str
) -> None:
    hits = index.search(query)
    assert hits[0].code == code
    assert hits[0].exact and hits[0].match == "exact"
    assert index.resolve(query) == [code]


def test_each_hit_says_why_it_matched(index: NameIndex) -> None:
    assert index.search("Putin")[0].matched == "Vladimir Putin, head of state of Russia"
    assert index.search("Erdogan")[0].matched.startswith("Recep Tayyip Erdoğan, head of state")
    assert index.search("Ankara")[0].matched == "Ankara, capital of Turkey"
    assert index.search("Kremlin")[0].kind == "seat"
    assert index.search("Russian")[0].matched == "Russian, adjective for Russia"
    assert index.search("NATO")[0].matched == "NATO"
    assert index.search("RUS")[0].matched == "RUS, the code of Russia"


def test_a_former_office_holder_says_so(index: NameIndex) -> None:
    medvedev = index.search("Medvedev")[0]
    assert medvedev.code == "RUS" and medvedev.former
    assert "former head of government of Russia" in medvedev.matched
    # Tusk leads Poland's government today and led the EU's Council before: Poland first.
    tusk = index.search("Tusk")
    assert [h.code for h in tusk] == ["POL", "EUR"]
    assert not tusk[0].former and tusk[1].former and "former" in tusk[1].matched
    assert index.resolve("Tusk") == ["POL"]


def test_exact_before_prefix_before_contains(index: NameIndex) -> None:
    codes = _codes(index, "Niger")
    assert codes[:2] == ["NER", "NGA"]  # Niger exactly, then Nigeria by prefix
    korea = index.search("Korea")  # "North Korea", "South Korea": a word of the name
    assert {h.code for h in korea[:2]} == {"PRK", "KOR"} and korea[0].match == "prefix"
    stan = index.search("stan")
    assert stan and all(h.match in ("prefix", "contains") for h in stan)
    assert "PAK" in {h.code for h in stan}


def test_unknown_names_get_close_spellings(index: NameIndex) -> None:
    hits = index.search("Puttin")
    assert [h.code for h in hits] == ["RUS"] and hits[0].match == "fuzzy"
    assert index.resolve("Puttin") == []
    assert "Erdoğan (TUR)" in index.suggestions("Erdgan")
    assert index.search("qqqqqqqq") == [] and index.suggestions("qqqqqqqq") == []
    assert index.search("  ") == [] and index.search("...") == []


def test_ambiguous_names_resolve_to_every_candidate(index: NameIndex) -> None:
    assert set(index.resolve("Charles III")) == {"GBR", "CAN", "AUS"}
    assert index.resolve("Korea") == []  # only a part of two names: not resolved


def _small(today: date = TODAY) -> NameIndex:
    """A made-up gazetteer: two states, one current and one former leader of each."""
    actors = [Actor("AAA", "Aland", "state", ("Aland",)), Actor("BBB", "Bland", "state")]
    entries = [
        AliasEntry(("Aland",), "country", "AAA"),
        AliasEntry(("Alandish",), "adjective", "AAA"),
        AliasEntry(("Bland",), "country", "BBB"),
        AliasEntry(("Blandtown",), "capital", "BBB"),
        AliasEntry(("Jo Smith", "Smith"), "person", roles=(Role("AAA", end=date(2020, 1, 1)),)),
        AliasEntry(
            ("Jo Smyth", "Smyth"),
            "person",
            roles=(Role("BBB", office="head_of_state", start=date(2021, 1, 1)),),
        ),
    ]
    return NameIndex.build(Gazetteer.build(entries, actors), {}, today=today)


def test_current_leaders_rank_above_former_ones() -> None:
    hits = _small().search("Jo")  # both by prefix: the one in office first
    assert [h.code for h in hits] == ["BBB", "AAA"]
    assert hits[0].matched == "Jo Smyth, head of state of Bland"
    assert hits[1].matched == "Jo Smith, former office-holder of Aland"
    # the same people seen from 2019, when Smith was in office and Smyth not yet
    assert not _small(date(2019, 1, 1)).search("Smith")[0].former


def test_rank_breaks_ties_within_a_tier() -> None:
    index = _small()
    assert _codes(index, "land") == ["AAA", "BBB"]  # by label without a rank
    with_events = index.search("land", rank=lambda code: (code != "BBB",))
    assert [h.code for h in with_events] == ["BBB", "AAA"]


def test_store_actors_add_names_and_labels() -> None:
    gaz = Gazetteer.build([], [])
    stored = {"XKC": Actor("XKC", "Xland", "state", ("Xlandia", "The Xlanders"))}
    index = NameIndex.build(gaz, stored, today=TODAY)
    assert index.resolve("xlandia") == ["XKC"] and index.resolve("Xlanders") == ["XKC"]
    assert index.resolve("xkc") == ["XKC"]
    assert index.search("Xlandia")[0].matched == "Xlandia, a name of Xland"


def test_search_key_folds_case_accents_and_punctuation() -> None:
    assert search_key("Erdoğan") == search_key("ERDOGAN") == "erdogan"
    assert search_key("İstanbul") == "istanbul"
    assert search_key("U.S.") == "us"
    assert search_key("Nagorno-Karabakh") == "nagorno karabakh"
    assert search_key("  The   Kremlin ") == "kremlin"
    assert search_key("Côte d’Ivoire") == "cote divoire"
