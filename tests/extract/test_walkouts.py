"""Issue 11, category 7: a walkout during someone's speech is a protest against the speaker.

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


def test_walking_out_during_a_speech_protests_the_speaker(code) -> None:
    got = code(
        "Delegates from France and Germany walked out of the hall during the Russian "
        "foreign minister's speech on Tuesday."
    )
    assert ("FRA", "RUS", "140") in got
    assert ("DEU", "RUS", "140") in got


def test_those_who_left_the_room_are_the_copulas_subject(code) -> None:
    got = code(
        "Representatives of Britain and Canada were among those who left the room during "
        "Lavrov's address."
    )
    assert {("GBR", "RUS", "140"), ("CAN", "RUS", "140")} <= got


def test_leaving_the_chamber_as_an_envoy_speaks(code) -> None:
    got = code("The Polish delegation left the chamber while Russia's envoy was speaking.")
    assert ("POL", "RUS", "140") in got


def test_leaving_a_country_is_no_walkout(code) -> None:
    got = code("Putin left Beijing on Friday after his speech at the forum with Xi.")
    assert not any(c == "140" for _, _, c in got)


def test_leaving_a_room_without_a_speech_names_no_target(code) -> None:
    got = code("The Polish delegation left the room on Tuesday, Russia's envoy said.")
    assert not any(c == "140" for _, _, c in got)
