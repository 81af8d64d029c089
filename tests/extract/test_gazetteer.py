"""Tokenizer, alias-table loading and the name index of the actor layer."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from graphsvc.extract.gazetteer import (
    Gazetteer,
    country_entries,
    fold,
    igo_entries,
    leader_entries,
    load_gazetteer,
    name_key,
    tokenize,
)
from graphsvc.models import AliasEntry

ROWS = [
    {
        "code": "RUS",
        "label": "Russia",
        "names": ["Russia", "Russian Federation", "the Russian Federation"],
        "adjectives": ["Russian"],
        "demonyms": ["Russians"],
        "capital": "Moscow",
        "seats": ["Kremlin"],
        "un": "member",
    },
    {
        "code": "AZE",
        "label": "Azerbaijan",
        "names": ["Azerbaijan"],
        "adjectives": ["Azerbaijani"],
        "demonyms": ["Azerbaijani", "Azerbaijanis"],
        "capital": "Baku",
        "seats": [],
    },
]


def test_tokens_split_hyphens_possessives_and_dotted_acronyms() -> None:
    toks = tokenize("Turkish-Russian talks in Moscow's U.S.-backed plan")
    assert toks.raw == [
        "Turkish", "-", "Russian", "talks", "in", "Moscow", "'", "s",
        "U", ".", "S", ".", "-", "backed", "plan",
    ]  # fmt: skip
    text = toks.text
    assert all(text[s:e] == r for s, e, r in zip(toks.starts, toks.ends, toks.raw, strict=True))


def test_fold_strips_accents_and_unifies_quotes_but_keeps_case() -> None:
    assert fold("Erdoğan") == "Erdogan"
    assert fold("Türkiye") == "Turkiye"
    assert fold("’") == "'"
    assert fold("–") == "-"
    assert fold("Turkey") != fold("turkey")
    decomposed = unicodedata.normalize("NFD", "Erdoğan")
    assert tokenize(decomposed).keys == ["Erdogan"]
    assert all(tokenize("\u0301 x \ufe0f").keys)  # stray marks never give empty keys


def test_name_key_drops_leading_the() -> None:
    assert name_key("the Russian Federation") == ("Russian", "Federation")
    assert name_key("U.S.") == ("U", ".", "S", ".")
    assert name_key("The") == ("The",)


def test_country_rows_become_alias_entries_by_kind() -> None:
    entries, actors = country_entries(ROWS)
    kinds = {(e.code, e.kind): e for e in entries}
    assert kinds[("RUS", "country")].names[0] == "Russia"
    assert kinds[("RUS", "adjective")].names == ("Russian",)
    assert kinds[("RUS", "demonym")].sector == "CVL"
    assert kinds[("RUS", "capital")].names == ("Moscow",)
    assert kinds[("RUS", "seat")].sector == "GOV"
    # "Azerbaijani" is both adjective and singular demonym: read as the adjective only
    assert kinds[("AZE", "demonym")].names == ("Azerbaijanis",)
    assert ("AZE", "seat") not in kinds
    assert [a.code for a in actors] == ["RUS", "AZE"]
    assert actors[0].kind == "state"


def test_igo_rows() -> None:
    entries, actors = igo_entries(
        [{"code": "UNO", "label": "United Nations", "names": ["UN", "U.N."], "kind": "igo"}]
    )
    assert entries[0].kind == "igo"
    assert entries[0].names == ("United Nations", "UN", "U.N.")
    assert actors[0].kind == "igo"


def test_leader_rows_parse_dates_offices_and_partial_dates() -> None:
    rows = [
        {
            "name": "Dmitry Medvedev",
            "aliases": ["Medvedev"],
            "roles": [
                {"country": "RUS", "office": "head_of_state", "start": date(2008, 5, 7),
                 "end": "2012-05-07"},
                {"country": "RUS", "office": "army chief", "start": "2012", "end": None},
            ],
        },
        {"name": "Nobody", "roles": []},
    ]  # fmt: skip
    entries = leader_entries(rows)
    assert len(entries) == 1  # a person without roles stands for nobody
    roles = entries[0].roles
    assert roles[0].end == date(2012, 5, 7)
    assert roles[1].start == date(2012, 1, 1)
    assert roles[1].sector == "MIL"
    assert roles[0].sector == "GOV"


def test_index_prefers_longest_match_and_kind_priority() -> None:
    entries, actors = country_entries(ROWS)
    extra = AliasEntry(("Moscow",), "igo", "XXX")  # a clash: the place kind ranks lower
    gaz = Gazetteer.build([*entries, extra], actors)
    keys = tokenize("the Russian Federation said").keys
    end, found = gaz.match_at(keys, 1)  # type: ignore[misc]
    assert end == 3
    assert found[0].kind == "country"
    _, found = gaz.match_at(["Moscow"], 0)  # type: ignore[misc]
    assert [e.kind for e in found] == ["igo", "capital"]
    assert gaz.match_at(["moscow"], 0) is None
    assert gaz.label("RUS") == "Russia"
    assert gaz.label("ZZZ") == "ZZZ"


def test_bundled_tables_load() -> None:
    gaz = load_gazetteer()
    if not gaz.actors:
        pytest.skip("alias tables not written yet")
    assert gaz.actors["RUS"].label
    assert gaz.is_igo("UNO")
    assert not gaz.is_igo("RUS")
    # every UN member state is a node
    assert len([a for a in gaz.actors.values() if a.kind == "state"]) >= 193
    for name in ("Russia", "Kremlin", "Moscow", "Turkish", "Azerbaijanis"):
        assert gaz.match_at(name_key(name), 0) is not None, name


def test_user_entries_come_first_and_new_codes_become_nodes() -> None:
    extra = [AliasEntry(("Moscow",), "country", "MOS"), AliasEntry(("Ruritania",), "group", "RUR")]
    gaz = load_gazetteer(extra=extra)
    _, found = gaz.match_at(["Ruritania"], 0)  # type: ignore[misc]
    assert found[0].code == "RUR"
    assert "RUR" in gaz.actors
