"""People learned inside a document, and references ("the Russian leader", "both sides").

Runs on a small inline gazetteer so the cases do not depend on the bundled tables.
"""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.extract.gazetteer import (
    Gazetteer,
    country_entries,
    igo_entries,
    leader_entries,
    tokenize,
)
from graphsvc.extract.mentions import ActorResolver, Mention
from graphsvc.extract.persons import name_keys, parse_title, resolve_person
from graphsvc.extract.references import sentence_ids
from graphsvc.extract.sectors import load_sectors
from graphsvc.models import AliasEntry, Role

DAY = date(2021, 1, 13)


def _country(code: str, name: str, adjective: str, capital: str) -> dict:
    return {"code": code, "label": name, "names": [name], "adjectives": [adjective],
            "demonyms": [adjective + "s"], "capital": capital, "seats": []}  # fmt: skip


COUNTRIES = [
    {**_country("RUS", "Russia", "Russian", "Moscow"), "seats": ["Kremlin"]},
    _country("ARM", "Armenia", "Armenian", "Yerevan"),
    _country("AZE", "Azerbaijan", "Azerbaijani", "Baku"),
    _country("TUR", "Turkey", "Turkish", "Ankara"),
    _country("BLR", "Belarus", "Belarusian", "Minsk"),
    _country("FRA", "France", "French", "Paris"),
    _country("IRL", "Ireland", "Irish", "Dublin"),
    _country("JOR", "Jordan", "Jordanian", "Amman"),
    {"code": "USA", "label": "United States", "names": ["United States", "U.S."],
     "adjectives": ["American"], "capital": "Washington", "seats": ["White House"]},
    {"code": "CHN", "label": "China", "names": ["China"], "adjectives": ["Chinese"],
     "capital": "Beijing"},
    {"code": "COD", "label": "DR Congo", "names": ["DR Congo"], "adjectives": ["Congolese"]},
    {"code": "RWA", "label": "Rwanda", "names": ["Rwanda"], "capital": "Kigali"},
    {"code": "AGO", "label": "Angola", "names": ["Angola"], "adjectives": ["Angolan"]},
    {"code": "SAU", "label": "Saudi Arabia", "names": ["Saudi Arabia"], "adjectives": ["Saudi"],
     "demonyms": ["Saudis"], "capital": "Riyadh"},
]  # fmt: skip
LEADERS = [
    {"name": "Ivan Petrov", "aliases": [],
     "roles": [{"country": "RUS", "office": "foreign_minister", "start": "2015-01-01"}]},
    {"name": "Anna Lind", "aliases": ["Lind"],
     "roles": [{"country": "TUR", "office": "head_of_state", "start": "2010-01-01",
                "end": "2016-01-01"}]},
]  # fmt: skip


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    entries, actors = country_entries(COUNTRIES)
    igo, igo_actors = igo_entries([{"code": "UNO", "label": "United Nations", "names": ["UN"]}])
    gaz = Gazetteer.build([*entries, *igo, *leader_entries(LEADERS)], [*actors, *igo_actors])
    return ActorResolver(gazetteer=gaz)


def persons(ms: list[Mention]) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.code, m.sector) for m in ms if m.kind == "person"]


def refs(ms: list[Mention]) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(m.text, m.codes, m.sector) for m in ms if m.kind == "reference"]


# ------------------------------------------------------------------ learned persons


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Armenian Prime Minister Nikol Pashinian met him. Pashinian said.",
         [("Nikol Pashinian", "ARM", "GOV"), ("Pashinian", "ARM", "GOV")]),
        ("Russia's Foreign Minister Sergei Lavrov arrived. Lavrov spoke.",
         [("Sergei Lavrov", "RUS", "GOV"), ("Lavrov", "RUS", "GOV")]),
        ("Sergei Lavrov, the Russian foreign minister, arrived. Lavrov spoke.",
         [("Sergei Lavrov", "RUS", "GOV"), ("Lavrov", "RUS", "GOV")]),
        ("Prince Faisal bin Farhan, Minister of Foreign Affairs of Saudi Arabia, arrived. "
         "Faisal said.",
         [("Faisal bin Farhan", "SAU", "GOV"), ("Faisal", "SAU", "GOV")]),
        ("King Abdullah of Jordan arrived. Abdullah said.",
         [("Abdullah", "JOR", "GOV"), ("Abdullah", "JOR", "GOV")]),
        ("The President of Azerbaijan, Ilham Aliyev, arrived. Aliyev said.",
         [("Ilham Aliyev", "AZE", "GOV"), ("Aliyev", "AZE", "GOV")]),
        ("President Emmanuel Macron of France arrived.", [("Emmanuel Macron", "FRA", "GOV")]),
        ("Former Armenian President Serzh Sargsyan spoke.", [("Serzh Sargsyan", "ARM", "ELI")]),
        ("Turkish army chief Yasar Guler spoke.", [("Yasar Guler", "TUR", "MIL")]),
        ("Russian Ambassador Anatoly Antonov spoke.", [("Anatoly Antonov", "RUS", "DIP")]),
        ("Turkish President Erdogan’s office said.", [("Erdogan", "TUR", "GOV")]),
        ("Irish President Sean O'Kelly spoke.", [("Sean O'Kelly", "IRL", "GOV")]),
        ("Russian Premier League clubs and Chinese Premier Li Qiang.",
         [("Li Qiang", "CHN", "GOV")]),
    ],
)  # fmt: skip
def test_titles_teach_persons_for_the_document(
    resolver: ActorResolver, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert persons(resolver.find_mentions(text, DAY)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kremlin spokesman Dmitry Peskov said. Peskov added.",
         [("Dmitry Peskov", "RUS", "GOV"), ("Peskov", "RUS", "GOV")]),
        ("U.S. envoy Steve Witkoff arrived. Witkoff said.",
         [("Steve Witkoff", "USA", "DIP"), ("Witkoff", "USA", "DIP")]),
        ("Chinese Foreign Ministry spokesman Wang Wenbin said. Wang added.",
         [("Wang Wenbin", "CHN", "GOV"), ("Wang", "CHN", "GOV")]),
    ],
)  # fmt: skip
def test_seats_and_attributive_names_anchor_titles(
    resolver: ActorResolver, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert persons(resolver.find_mentions(text, DAY)) == expected


def test_learned_names_apply_before_the_title_too(resolver: ActorResolver) -> None:
    # headlines name people before the body introduces them
    text = "Pashinian visits Baku\n\nArmenian Prime Minister Nikol Pashinian arrived."
    assert persons(resolver.find_mentions(text, DAY))[0] == ("Pashinian", "ARM", "GOV")


def test_spelling_variants_of_a_learned_surname(resolver: ActorResolver) -> None:
    text = "Armenian Prime Minister Nikol Pashinian arrived. Pashinyan said. Pashkevich left."
    ms = resolver.find_mentions(text, DAY)
    variant = [m for m in ms if m.text == "Pashinyan"]
    assert [(m.code, m.kind) for m in variant] == [("ARM", "person")]
    assert variant[0].confidence < 1.0
    assert not [m for m in ms if m.text == "Pashkevich"]


def test_a_title_overrides_a_table_entry_that_disagrees(resolver: ActorResolver) -> None:
    text = "Ivan Petrov met Lavrov. Belarusian Foreign Minister Ivan Petrov said."
    assert persons(resolver.find_mentions(text, DAY))[0] == ("Ivan Petrov", "BLR", "GOV")
    # without the title the tables decide
    assert persons(resolver.find_mentions("Ivan Petrov spoke.", DAY)) == [
        ("Ivan Petrov", "RUS", "GOV")
    ]


def test_surname_of_a_tabled_full_name_is_learned(resolver: ActorResolver) -> None:
    text = "Petrov spoke first. Ivan Petrov met the envoy. Petrov said."
    got = persons(resolver.find_mentions(text, DAY))
    assert got == [
        ("Petrov", "RUS", "GOV"),
        ("Ivan Petrov", "RUS", "GOV"),
        ("Petrov", "RUS", "GOV"),
    ]
    assert persons(resolver.find_mentions("Petrov said.", DAY)) == []  # no alias in the table


def test_a_surname_shared_by_two_learned_people_is_left_alone(resolver: ActorResolver) -> None:
    text = ("Armenian Foreign Minister Ara Aliyan met Azerbaijani Foreign Minister Jeyhun Aliyan. "
            "Aliyan said.")  # fmt: skip
    got = persons(resolver.find_mentions(text, DAY))
    assert got == [("Ara Aliyan", "ARM", "GOV"), ("Jeyhun Aliyan", "AZE", "GOV")]


def test_no_title_no_learning(resolver: ActorResolver) -> None:
    assert persons(resolver.find_mentions("Nikol Pashinian met Russian people.", DAY)) == []


# ------------------------------------------------------------------ references


def test_singular_references(resolver: ActorResolver) -> None:
    ms = resolver.find_mentions(
        "The Russian leader met the Armenian side and the Turkish foreign minister.", DAY
    )
    assert refs(ms) == [
        ("The Russian leader", ("RUS",), "GOV"),
        ("the Armenian side", ("ARM",), None),
        ("the Turkish foreign minister", ("TUR",), "GOV"),
    ]


def test_a_title_with_a_name_is_not_a_reference(resolver: ActorResolver) -> None:
    ms = resolver.find_mentions("the Russian President Vladimir Putin said", DAY)
    assert refs(ms) == []
    assert (ms[0].text, ms[0].kind) == ("Russian", "adjective")


def test_two_leaders_are_the_two_latest_persons(resolver: ActorResolver) -> None:
    text = ("Armenian Prime Minister Nikol Pashinian called Turkish President Anna Lind. "
            "Pashinian thanked Lind, and the two leaders agreed. Both leaders smiled.")  # fmt: skip
    got = refs(resolver.find_mentions(text, date(2012, 1, 1)))
    assert got == [
        ("the two leaders", ("ARM", "TUR"), "GOV"),
        ("Both leaders", ("ARM", "TUR"), "GOV"),
    ]


def test_country_plurals_pick_the_latest_distinct_states(resolver: ActorResolver) -> None:
    text = ("France backed Jordan. Russia, Azerbaijan and Armenia met in Moscow; the three "
            "countries agreed. Azerbaijan and Armenia then signed; the two countries and "
            "both sides were pleased, and the neighbours too.")  # fmt: skip
    got = refs(resolver.find_mentions(text, DAY))
    assert got == [
        ("the three countries", ("RUS", "AZE", "ARM"), None),
        ("the two countries", ("AZE", "ARM"), None),
        ("both sides", ("AZE", "ARM"), None),
        ("the neighbours", ("AZE", "ARM"), None),
    ]


def test_sides_may_include_an_organisation_countries_may_not(resolver: ActorResolver) -> None:
    text = "Belarus met the UN. Both sides agreed. France met the UN. The two countries spoke."
    got = refs(resolver.find_mentions(text, DAY))
    assert got == [
        ("Both sides", ("BLR", "UNO"), None),
        ("The two countries", ("BLR", "FRA"), None),
    ]


def test_a_coordinated_pair_beats_mere_recency(resolver: ActorResolver) -> None:
    # the Russian leader is mentioned last, but the pair just named is the antecedent
    text = ("Putin hosted the talks. Aliyev and Pashinyan spoke alone without the Russian "
            "leader. The two countries fought a war in 2020.")  # fmt: skip
    gaz_text = text.replace("Aliyev", "Azerbaijan").replace("Pashinyan", "Armenia")
    assert refs(resolver.find_mentions(gaz_text, DAY))[-1] == (
        "The two countries",
        ("AZE", "ARM"),
        None,
    )


def test_the_speaker_of_the_sentence_is_not_one_of_both(resolver: ActorResolver) -> None:
    text = ("DR Congo expelled Rwanda's ambassador, accusing Kigali of backing rebels. "
            "Angolan President Joao Lourenco called on both governments to talk.")  # fmt: skip
    assert refs(resolver.find_mentions(text, DAY)) == [("both governments", ("COD", "RWA"), "GOV")]


def test_the_pair_named_in_the_same_sentence(resolver: ActorResolver) -> None:
    text = "France backed Jordan. China met Rwanda in Kigali, where the two governments signed."
    assert refs(resolver.find_mentions(text, DAY)) == [
        ("the two governments", ("CHN", "RWA"), "GOV")
    ]


def test_an_earlier_plural_reference_is_reused(resolver: ActorResolver) -> None:
    text = ("Russia met Turkey. The two countries talked. France and Jordan watched. "
            "Both sides were pleased.")  # fmt: skip
    got = refs(resolver.find_mentions(text, DAY))
    assert got[-1] == ("Both sides", ("FRA", "JOR"), None)
    text = ("Russia met Turkey. The two countries talked. Jordan watched it closely today. "
            "Both sides were pleased.")  # fmt: skip
    assert refs(resolver.find_mentions(text, DAY))[-1] == ("Both sides", ("RUS", "TUR"), None)


def test_plural_reference_without_enough_antecedents_is_dropped(resolver: ActorResolver) -> None:
    assert refs(resolver.find_mentions("Russia said the two countries would talk.", DAY)) == []
    assert refs(resolver.find_mentions("The two leaders met.", DAY)) == []


# ------------------------------------------------------------------ pieces


def test_resolve_person_rules() -> None:
    entry = AliasEntry(
        ("X",),
        "person",
        roles=(
            Role("RUS", office="head_of_state", start=date(2008, 5, 7), end=date(2012, 5, 7)),
            Role("RUS", office="head_of_government", start=date(2012, 5, 8), end=None),
        ),
    )
    assert resolve_person([entry], date(2010, 1, 1)) == ("RUS", "GOV")
    assert resolve_person([entry], None) == ("RUS", "GOV")
    assert resolve_person([entry], date(2000, 1, 1)) is None
    gone = AliasEntry(("Y",), "person", roles=(Role("USA", end=date(2017, 1, 20)),))
    assert resolve_person([gone], date(2019, 1, 1)) == ("USA", "ELI")
    assert resolve_person([gone], None) == ("USA", "ELI")
    other = AliasEntry(("Z",), "person", roles=(Role("FRA", start=date(2000, 1, 1)),))
    assert resolve_person([entry, other], date(2015, 1, 1)) is None  # two people disagree


def test_title_parser() -> None:
    sectors = load_sectors()

    def title(words: str) -> tuple[int, str] | None:
        lower = words.lower().split()
        t = parse_title(lower, 0, sectors)
        return (t.end, t.sector) if t else None

    assert title("Prime Minister Nikol") == (2, "GOV")
    assert title("Minister of Foreign Affairs of Saudi") == (4, "GOV")
    assert title("Chief of the General Staff Valery") == (5, "MIL")
    assert title("Foreign Ministry spokeswoman Maria") == (3, "GOV")
    assert title("former president George") == (2, "ELI")
    assert title("language school") is None


def test_name_keys() -> None:
    assert name_keys(["Nikol", "Pashinian"]) == [("Nikol", "Pashinian"), ("Pashinian",)]
    assert name_keys(["Prince", "Faisal", "bin", "Farhan"]) == [
        ("Faisal", "bin", "Farhan"), ("Farhan",), ("Faisal",),
    ]  # fmt: skip
    assert name_keys(["Abdullah"]) == [("Abdullah",)]
    assert name_keys(["Karine", "Jean", "-", "Pierre"]) == [
        ("Karine", "Jean", "-", "Pierre"), ("Jean", "-", "Pierre"),
    ]  # fmt: skip
    assert name_keys(["Abdel", "Fattah", "el", "-", "Sisi"])[1:] == [("el", "-", "Sisi"), ("Sisi",)]
    assert name_keys(["Wang", "Wenbin"]) == [("Wang", "Wenbin"), ("Wenbin",), ("Wang",)]


def test_sentence_ids_ignore_abbreviations() -> None:
    toks = tokenize("On Nov. 10 the U.S. President spoke. Then Mr. Smith left!\nNew line")
    ids = sentence_ids(toks)
    by_word = dict(zip(toks.raw, ids, strict=True))
    assert by_word["President"] == by_word["On"] == 0
    assert by_word["Smith"] == by_word["Then"] == 1
    assert by_word["line"] == 2
