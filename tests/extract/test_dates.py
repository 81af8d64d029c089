"""Date mentions: recognition, offsets, resolution against the story date (past preferred)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graphsvc.extract.dates import (
    DateMention,
    date_for_span,
    find_dates,
    resolve_month_day,
    resolve_weekday,
)

SEED_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"
WED = date(2021, 1, 13)  # a Wednesday


def found(text: str, published: date | None = WED) -> list[tuple[str, date, str]]:
    mentions = find_dates(text, published)
    for m in mentions:
        assert text[m.start : m.end] == m.text  # offsets are exact
    return [(m.text, m.date, m.precision) for m in mentions]


def test_seed_article_dates() -> None:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.exists() else []
    if not files:
        pytest.skip("shared seed absent")
    text = files[0].read_text(encoding="utf-8")
    got = found(text)
    assert ("Wednesday", date(2021, 1, 13), "day") in got
    assert ("Monday", date(2021, 1, 11), "day") in got
    assert got.count(("Nov. 10", date(2020, 11, 10), "day")) == 2
    assert ("Sept. 27", date(2020, 9, 27), "day") in got
    assert ("13 Jan 2021", date(2021, 1, 13), "day") in got
    assert len(got) == 6  # nothing from "44-day", "300 settlements", "four hours"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It happened on 13 January 2021.", ("13 January 2021", date(2021, 1, 13), "day")),
        ("It happened on January 13, 2021.", ("January 13, 2021", date(2021, 1, 13), "day")),
        ("It happened on Jan. 13, 2021.", ("Jan. 13, 2021", date(2021, 1, 13), "day")),
        ("Dated 2021-01-13 in the file.", ("2021-01-13", date(2021, 1, 13), "day")),
        ("They signed on Nov. 10 in Moscow.", ("Nov. 10", date(2020, 11, 10), "day")),
        ("Clashes began Sept 27.", ("Sept 27", date(2020, 9, 27), "day")),
        ("Clashes began on 27 September.", ("27 September", date(2020, 9, 27), "day")),
        ("Talks opened on Jan. 4 in Geneva.", ("Jan. 4", date(2021, 1, 4), "day")),
        ("The law passed in March 2020.", ("March 2020", date(2020, 3, 1), "month")),
        ("The border closed in 2019.", ("2019", date(2019, 1, 1), "year")),
        ("Relations have been frozen since 2014.", ("2014", date(2014, 1, 1), "year")),
        ("The leaders spoke Wednesday.", ("Wednesday", date(2021, 1, 13), "day")),
        ("The pact was signed on Monday.", ("Monday", date(2021, 1, 11), "day")),
        ("Troops withdrew on Thursday.", ("Thursday", date(2021, 1, 7), "day")),
        ("They last met last Friday.", ("last Friday", date(2021, 1, 8), "day")),
        ("They met last Wednesday.", ("last Wednesday", date(2021, 1, 6), "day")),
        ("The envoy arrived today.", ("today", date(2021, 1, 13), "day")),
        ("The envoy arrived yesterday.", ("yesterday", date(2021, 1, 12), "day")),
        ("Yesterday, the envoy left.", ("Yesterday", date(2021, 1, 12), "day")),
        ("He had left the day before.", ("the day before", date(2021, 1, 12), "day")),
        ("They met last week.", ("last week", date(2021, 1, 6), "week")),
        ("They met earlier this month.", ("earlier this month", date(2021, 1, 1), "month")),
        ("They met last month.", ("last month", date(2020, 12, 1), "month")),
        ("They met last year.", ("last year", date(2020, 1, 1), "year")),
        ("They met this week.", ("this week", date(2021, 1, 13), "week")),
        ("They will meet next week.", ("next week", date(2021, 1, 20), "week")),
        ("They will meet next month.", ("next month", date(2021, 2, 1), "month")),
        ("They will meet tomorrow.", ("tomorrow", date(2021, 1, 14), "day")),
        ("Blinken will visit Ankara on Friday.", ("Friday", date(2021, 1, 15), "day")),
        ("On Friday, Blinken will visit Ankara.", ("Friday", date(2021, 1, 15), "day")),
        ("The talks are to resume on Thursday.", ("Thursday", date(2021, 1, 14), "day")),
        ("Armenia plans to hold a vote on Sunday.", ("Sunday", date(2021, 1, 17), "day")),
        ("The two will meet next Tuesday.", ("next Tuesday", date(2021, 1, 19), "day")),
        ("The two will meet next Wednesday.", ("next Wednesday", date(2021, 1, 20), "day")),
        ("The council will meet on Wednesday.", ("Wednesday", date(2021, 1, 13), "day")),
        ("The summit opens this coming Monday.", ("this coming Monday", date(2021, 1, 18), "day")),
        ("The ministers will meet on Jan. 20.", ("Jan. 20", date(2021, 1, 20), "day")),
        ("Three days ago the army withdrew.", ("Three days ago", date(2021, 1, 10), "day")),
    ],
)
def test_single_mentions(text: str, expected: tuple[str, date, str]) -> None:
    assert found(text) == [expected]


def test_reporting_verb_keeps_the_past() -> None:
    # "said on Monday" dates the statement, even though the reported act is future.
    assert found("Putin said on Monday that Russia will send monitors.") == [
        ("Monday", date(2021, 1, 11), "day")
    ]


def test_past_verb_before_the_date() -> None:
    text = "The leaders agreed on Saturday on how to implement a plan to normalise ties."
    assert found(text) == [("Saturday", date(2021, 1, 9), "day")]
    assert found("The talks are expected on Friday.") == [("Friday", date(2021, 1, 15), "day")]
    assert found("The deal will be signed on Friday.") == [("Friday", date(2021, 1, 15), "day")]
    assert found("They met Monday and will meet again.") == [("Monday", date(2021, 1, 11), "day")]


def test_past_clause_beside_future_clause() -> None:
    got = found("Erdogan called Putin on Monday and will visit Moscow on Friday.")
    assert got == [("Monday", date(2021, 1, 11), "day"), ("Friday", date(2021, 1, 15), "day")]


def test_premodifier_is_past_even_with_will() -> None:
    got = found("The Nov. 10 agreement will hold, he said.")
    assert got == [("Nov. 10", date(2020, 11, 10), "day")]


def test_year_rollover() -> None:
    assert found("Fighting resumed on Dec. 30.", date(2021, 1, 5)) == [
        ("Dec. 30", date(2020, 12, 30), "day")
    ]
    assert found("They met last month.", date(2021, 1, 5)) == [
        ("last month", date(2020, 12, 1), "month")
    ]
    assert found("They will meet in February.", date(2021, 12, 5)) == [
        ("February", date(2022, 2, 1), "month")
    ]
    assert found("The offensive began in December.", date(2021, 1, 5)) == [
        ("December", date(2020, 12, 1), "month")
    ]


def test_leap_day() -> None:
    assert found("The deal was signed on Feb. 29.", date(2024, 3, 5)) == [
        ("Feb. 29", date(2024, 2, 29), "day")
    ]
    assert found("The deal was signed on Feb. 29.", date(2023, 1, 10)) == [
        ("Feb. 29", date(2020, 2, 29), "day")
    ]
    assert found("Signed on February 29, 2024.", None) == [
        ("February 29, 2024", date(2024, 2, 29), "day")
    ]
    assert found("Signed on February 29, 2023.") == []  # no such day
    assert found("Signed on April 31.") == []


@pytest.mark.parametrize(
    "text",
    [
        "NATO invoked Article 5 for the first time.",
        "Azerbaijan took nearly 300 settlements and villages.",
        "The 44-day conflict ended.",
        "The two leaders may meet again, officials said.",
        "May I add that the delegation may stay?",
        "Thousands joined a protest march in the capital.",
        "The army will march on the city.",
        "The ceasefire was seen as a victory, the Sunday Times reported.",
        "The Good Friday Agreement still holds.",
        "USA Today quoted the minister.",
        "Aid reached 2000 families in 1500 tents.",
        "Aid reached people in 2000 villages.",
        "After 2000 people fled, the town emptied.",
        "The town had a population of 2000.",
        "Talks lasted four hours after the meeting began at 10:30.",
        "Resolution 2334 was adopted.",
        "He spoke for the last week of the session.",  # 'last week of' is not 'last week'
    ],
)
def test_no_false_positives(text: str) -> None:
    assert found(text) == []


def test_published_none_only_explicit() -> None:
    text = (
        "On Monday, after talks on Nov. 10 and again yesterday, the sides recalled "
        "13 January 2021, March 2020 and the war in 2019."
    )
    got = found(text, None)
    assert got == [
        ("13 January 2021", date(2021, 1, 13), "day"),
        ("March 2020", date(2020, 3, 1), "month"),
        ("2019", date(2019, 1, 1), "year"),
    ]


def test_resolve_weekday() -> None:
    assert resolve_weekday("Wednesday", WED) == WED
    assert resolve_weekday("monday", WED) == date(2021, 1, 11)
    assert resolve_weekday("Thursday", WED) == date(2021, 1, 7)
    assert resolve_weekday("Wednesday", WED, future=True) == WED
    assert resolve_weekday("Thursday", WED, future=True) == date(2021, 1, 14)
    with pytest.raises(ValueError):
        resolve_weekday("Funday", WED)


def test_resolve_month_day() -> None:
    assert resolve_month_day(1, 13, WED) == WED
    assert resolve_month_day(1, 14, WED) == date(2020, 1, 14)
    assert resolve_month_day(1, 14, WED, future=True) == date(2021, 1, 14)
    assert resolve_month_day(1, 12, WED, future=True) == date(2022, 1, 12)
    assert resolve_month_day(2, 30, WED) is None


def test_overlaps_keep_longest() -> None:
    got = found("Signed 13 January 2021 in Moscow and published on Jan. 13, 2021.")
    assert [g[0] for g in got] == ["13 January 2021", "Jan. 13, 2021"]


def test_date_for_span() -> None:
    text = "Last week Putin met Aliyev, and the two leaders spoke again on Wednesday."
    mentions = find_dates(text, WED)
    assert [m.text for m in mentions] == ["Last week", "Wednesday"]
    met = text.index("met")
    spoke = text.index("spoke")
    nearest = date_for_span(mentions, met, met + 3)
    assert nearest is not None and nearest.text == "Last week"
    nearest = date_for_span(mentions, spoke, spoke + 5)
    assert nearest is not None and nearest.date == WED
    assert date_for_span([], 0, 1) is None
    # A tie goes to the finer precision.
    a = DateMention(0, 4, date(2021, 1, 1), "month", "xxxx")
    b = DateMention(10, 14, date(2021, 1, 2), "day", "yyyy")
    assert date_for_span([a, b], 7, 7) == b
