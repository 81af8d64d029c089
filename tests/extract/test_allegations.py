"""Issue 11, category 7: an accusation told without "accuse" — a claim that another party
used banned weapons is the claimer accusing (112) the user.

Every sentence was written for these tests in wire style; none is taken from an article.
"""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.models import Event

PUBLISHED = date(2024, 5, 15)


@pytest.fixture(scope="module")
def code(coder):
    extractor = coder

    def run(text: str) -> set[tuple[str, str, str]]:
        events: list[Event] = extractor.extract(text, published=PUBLISHED, doc_id="t")
        return {(e.source, e.target, e.code) for e in events if not e.negated}

    return run


def test_a_belief_that_sarin_was_used_accuses_the_user(code) -> None:
    got = code(
        "French officials said they were convinced that the Syrian government had used "
        "sarin gas against a rebel-held town."
    )
    assert ("FRA", "SYR", "112") in got


def test_the_reporter_of_a_belief_in_a_reason_clause_accuses(code) -> None:
    got = code(
        "Canada expelled two diplomats because it was convinced the Syrian army had used "
        "chlorine in the assault, Canadian officials said on Monday."
    )
    assert ("CAN", "SYR", "112") in got


def test_weapons_delivered_by_other_means_still_count(code) -> None:
    got = code(
        "Britain said reports indicated the Syrian army had used helicopters to drop "
        "chemicals on the town."
    )
    assert ("GBR", "SYR", "112") in got


def test_a_passive_claim_names_the_user_as_agent(code) -> None:
    got = code("Washington said chemical weapons had been used by Syrian forces.")
    assert ("USA", "SYR", "112") in got


def test_ordinary_weapons_are_no_accusation(code) -> None:
    got = code("Britain said Syria had used artillery against the town.")
    assert not any(c == "112" for _, _, c in got)


def test_a_use_stated_as_fact_is_no_accusation(code) -> None:
    got = code("The Syrian army used chemical weapons against the town, killing dozens.")
    assert not any(c == "112" for _, _, c in got)


def test_a_belief_that_another_state_evades_inspections_accuses_it(code) -> None:
    got = code("Britain and Germany say they think Iran is evading nuclear inspections.")
    assert ("GBR", "IRN", "112") in got
    assert ("DEU", "IRN", "112") in got


def test_a_denied_wrongdoing_is_no_accusation(code) -> None:
    got = code("Ukraine said Russia did not hide its troops near the border.")
    assert ("UKR", "RUS", "112") not in got


def test_a_state_denying_its_own_meddling_accuses_no_one(code) -> None:
    got = code("Russia said it would not interfere in the election in Moldova.")
    assert not any(c == "112" for _, _, c in got)
