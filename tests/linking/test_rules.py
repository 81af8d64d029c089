"""The linking rules (graphsvc/linking/rules.py) on hand-made reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from graphsvc.linking import rules
from graphsvc.linking.rules import Report

CALL = Report(1, "RUS", "TUR", "041", "04", date(2024, 3, 12), "day",
              "Putin spoke by telephone with Erdogan about grain exports.", "a")  # fmt: skip


def _other(**changes: object) -> Report:
    sentence = "Erdogan and Putin discussed grain exports in a phone call."
    base = replace(CALL, id=2, article_id="b", sentence=sentence)
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("041", "041", True),
        ("040", "041", True),  # the root's generic code covers its specific ones
        ("041", "040", True),
        ("023", "0231", True),  # a parent and its child
        ("041", "042", False),  # a call is not a visit
        ("040", "050", False),  # other root
        ("112", "111", False),
    ],
)
def test_codes_compatible(a: str, b: str, expected: bool) -> None:
    assert rules.codes_compatible(a, b) is expected


def test_a_second_outlets_report_of_the_call_matches() -> None:
    assert rules.best_match(_other(), [CALL]) == CALL


@pytest.mark.parametrize(
    "change",
    [
        {"date": date(2024, 3, 19)},  # a week later: another call
        {"date": date(2024, 3, 15)},  # three days: outside the window
        {"code": "042"},  # a visit the same day
        {"source": "TUR", "target": "RUS"},  # the reverse direction of a directed event
        {"source": "RUS", "target": "ARM"},  # another pair
        {"negated": True},
        {"date_precision": "month"},  # "in March": too coarse to tell calls apart
        {"article_id": "a"},  # the same article: the extractor merges restatements itself
        {"sentence": "Officials gave no further details."},  # no word in common
    ],
)
def test_near_misses_stay_apart(change: dict) -> None:
    assert rules.best_match(_other(**change), [CALL]) is None


def test_symmetric_events_match_either_direction() -> None:
    reverse = _other(source="TUR", target="RUS", symmetric=True)
    assert rules.best_match(reverse, [CALL]) == CALL


def test_story_date_and_two_days_late_still_match() -> None:
    late = _other(date=date(2024, 3, 14), date_precision="published")
    assert rules.best_match(late, [CALL]) == CALL


def test_generic_code_needs_more_shared_words_than_the_same_code() -> None:
    # One shared word in a long sentence: enough for the same code, not for generic talks.
    sentence = "Putin phoned officials in Ankara on shipping routes and port fees today."
    same = _other(sentence=sentence)
    generic = _other(sentence=sentence, code="040")
    assert rules.similarity(sentence, CALL.sentence) >= rules.MIN_SIMILARITY
    assert rules.similarity(sentence, CALL.sentence) < rules.MIN_SIMILARITY_GENERIC
    assert rules.best_match(same, [CALL]) == CALL
    assert rules.best_match(generic, [CALL]) is None


def test_most_similar_candidate_wins_then_closest_date() -> None:
    sentence = "Lavrov visited Ankara for talks with Turkish officials."
    visit_talks = replace(CALL, id=3, article_id="c", code="040", sentence=sentence)
    assert rules.best_match(_other(code="040"), [visit_talks, CALL]) == CALL
    twin = replace(CALL, id=4, article_id="d", date=date(2024, 3, 13))
    assert rules.best_match(_other(date=date(2024, 3, 13)), [CALL, twin]) == twin


def test_generic_code_in_the_sentence_of_a_specific_one_stands_for_it() -> None:
    visit = Report(10, "RUS", "TUR", "042", "04", date(2024, 3, 12), "day", "s", "v",
                   sentence_start=0)  # fmt: skip
    talks = replace(visit, id=11, code="040", symmetric=True)
    elsewhere = replace(visit, id=12, code="040", sentence_start=90)
    assert rules.effective_codes([visit, talks, elsewhere]) == {11: "042"}


def test_words_drop_function_words_digits_and_possessive_s() -> None:
    assert rules.words("Turkey's Erdogan said on March 12 that the talks were over") == {
        "turkey", "erdogan", "march", "talks",
    }  # fmt: skip
