"""ICEWS, POLECAT and ACLED files into the store: actors by country, codes, evidence."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date

import pytest
from conftest import DATA
from support import by_id, counts

from graphsvc.extract.ontology import load_ontology
from graphsvc.imports import acled, polecat
from graphsvc.imports.countries import HERE
from graphsvc.imports.runner import BadRow, Summary
from graphsvc.store import Store

Run = Callable[..., Summary]


def test_icews_events_keep_their_actors_codes_intensity_and_story(store: Store, run: Run) -> None:
    summary = run("icews", "icews_events_2019.tab")
    assert (summary.rows, summary.events_added) == (10, 8)
    assert summary.skipped == {
        "Source is no state or organisation here": 1,  # the PKK row
        "both sides are the same actor": 1,  # a domestic event: no edge between two states
    }
    stored = by_id(store, "icews")
    visit = stored["31200411@2019-06-03"]
    assert (visit.source, visit.target, visit.code, visit.root) == ("RUS", "TUR", "042", "04")
    assert (visit.quad_class, visit.goldstein, visit.date) == (1, 1.9, date(2019, 6, 3))
    assert visit.extra["story_id"] == "52831001" and visit.extra["sentence_number"] == "2"
    # The same Event ID on another date is another event (ICEWS ids repeat across dates).
    assert stored["31200411@2019-07-10"].target == "JPN"
    # An organisation without a country is found by its name; a root stays a root; a code
    # that lost its leading zero gets it back.
    appeal = stored["31200455@2019-06-04"]
    assert (appeal.source, appeal.target, appeal.code, appeal.root) == ("UNO", "SYR", "20", "20")
    assert stored["31200460@2019-06-07"].code == "041"
    assert (stored["31200458@2019-06-06"].source, stored["31200430@2019-06-04"].target) == (
        "IRN",
        "RUS",
    )
    # Both events of sentence 2 of story 52831001 share one evidence article, recorded as
    # imported from its dataset.
    assert visit.article_id == stored["31200412@2019-06-03"].article_id
    found = store.get_article(visit.article_id)
    assert found is not None and found[0].provenance is not None
    assert (found[0].provenance.origin, found[0].provenance.origin_ref) == ("import", "icews")
    before = counts(store)
    assert run("icews", "icews_events_2019.tab").events_added == 0
    assert counts(store) == before


def test_polecat_types_map_to_cameo_and_keep_plover_alongside(store: Store, run: Run) -> None:
    summary = run("polecat", "polecat_2023_w01.txt")
    assert (summary.rows, summary.events_added) == (8, 6)
    assert summary.skipped == {
        "Recipient is no state or organisation here": 1,
        "both sides are the same actor": 1,
    }
    stored = by_id(store, "polecat")
    strike = stored["20230105-77b0e1aa"]
    assert (strike.source, strike.target, strike.code, strike.root) == ("RUS", "UKR", "195", "19")
    assert (strike.quad_class, strike.goldstein) == (4, -10.0)
    assert strike.extra["plover_type"] == "ASSAULT" and strike.extra["plover_mode"] == "aerial"
    accuse = stored["20230106-5f2e8b13"]  # no mode: the type's own code
    assert (accuse.code, accuse.goldstein, accuse.quad_class) == ("112", -2.0, 3)
    aid = stored["20230106-0c44d9e2"]  # the WFP has no country: found by its name
    assert (aid.source, aid.target, aid.code) == ("WFP", "SOM", "073")
    assert stored["20230105-3a9f1c2d"].code == "042"
    assert run("polecat", "polecat_2023_w01.txt").events_added == 0


def test_acled_events_get_actors_by_country_and_codes_from_the_table(
    store: Store, run: Run
) -> None:
    summary = run("acled", "acled_2024-02.csv")
    assert (summary.rows, summary.events_added) == (8, 4)
    assert summary.skipped == {"Headquarters or base established is no interaction between "
                               "actors": 1,
                               "both sides are the same actor": 3}  # fmt: skip
    stored = by_id(store, "acled")
    shelling = stored["UKR140211"]
    assert (shelling.source, shelling.target, shelling.code) == ("RUS", "UKR", "194")
    assert (shelling.root, shelling.quad_class, shelling.date) == ("19", 4, date(2024, 2, 10))
    assert shelling.goldstein == load_ontology().get("194").goldstein
    assert shelling.extra["fatalities"] == "0"
    # A protest with no actor2 and an abduction by an actor naming no country are the
    # event's country acting on itself: no edge between two actors, skipped.
    assert "KEN8812" not in stored and "SDN44120" not in stored
    agreement = stored["MLI3301"]  # the older date format
    assert (agreement.source, agreement.target, agreement.code) == ("MLI", "BFA", "057")
    assert agreement.date == date(2024, 2, 14)
    strike = stored["SYR301455"]
    assert (strike.source, strike.target, strike.code) == ("ISR", "IRN", "195")
    assert run("acled", "acled_2024-02.csv").events_added == 0


@pytest.mark.parametrize(
    ("fmt", "name", "line", "words"),
    [
        ("icews", "icews_bad_date.tab", 3, "Event Date '2019-06-31' is not a date"),
        ("polecat", "polecat_bad_type.txt", 3, "Event Type 'BOMBARD' is not a PLOVER event type"),
        ("acled", "acled_bad_type.csv", 4, "sub_event_type 'Sit-in' is not in the ACLED codebook"),
    ],
)
def test_a_malformed_row_is_refused_by_its_line(
    store: Store, run: Run, fmt: str, name: str, line: int, words: str
) -> None:
    with pytest.raises(BadRow) as caught:
        run(fmt, name)
    assert caught.value.detail.startswith(f"{DATA / name}:{line}: ")
    assert words in caught.value.detail
    assert counts(store)["events"] == 0


def test_a_file_of_another_format_is_refused_by_its_header(store: Store, run: Run) -> None:
    with pytest.raises(BadRow, match=r"acled_2024-02.csv:1: the header lacks 'Event ID'"):
        run("icews", "acled_2024-02.csv")


def test_every_plover_row_maps_to_a_cameo_code_of_the_same_plover_type() -> None:
    ontology = load_ontology()
    table = polecat.plover_table()
    assert {kind for kind, mode in table if not mode} == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }  # fmt: skip
    for (kind, mode), code in table.items():
        plover = ontology.get(code).plover or ""
        assert kind in plover.split("|"), (kind, mode, code, plover)


def test_every_acled_row_names_a_cameo_code_or_none() -> None:
    ontology = load_ontology()
    with (HERE / "acled_cameo.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(acled.type_table()) == 25
    for row in rows:
        assert row["why"].strip()
        assert not row["cameo"] or row["cameo"] in ontology
