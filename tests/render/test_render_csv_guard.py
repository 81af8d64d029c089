"""The CSV formula guard covers every column whose text can come from the input, in both
writers (whole and streamed), for every character a spreadsheet starts a formula with."""

from __future__ import annotations

import csv
import io

import pytest
from factories import make_event
from stream_support import csv_row_of

from graphsvc.models import Article, Event
from graphsvc.render import events_to_csv
from graphsvc.render.csv import COLUMNS, TEXT_COLUMNS
from graphsvc.render.streaming import stream_csv

FIELD_OF = {"event_id": "id"}  # column -> Event field where the names differ
ARTICLE_FIELD = {"article_title": "title", "article_url": "url"}  # column -> Article field
PAYLOAD = "cmd|' /C calc'!A0"
# What spreadsheets start a formula with (OWASP, ASVS 1.2.10), and the full-width forms.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00", "＝", "＋", "－", "＠")
INPUT_COLUMNS = (
    "source_text", "target_text", "trigger_text", "sentence", "article_id", "group_id", "label",
    "source_label", "target_label", "article_title", "article_url",
)  # fmt: skip


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def _both(
    events: list[Event],
    labels: dict[str, str] | None = None,
    articles: dict[str, Article] | None = None,
) -> list[list[dict[str, str]]]:
    streamed = b"".join(stream_csv([[csv_row_of(e, labels, articles) for e in events]]))
    return [_rows(events_to_csv(events, labels, articles)), _rows(streamed)]


def test_the_guarded_columns_are_the_input_columns() -> None:
    assert set(INPUT_COLUMNS) == TEXT_COLUMNS
    assert set(COLUMNS) >= TEXT_COLUMNS


@pytest.mark.parametrize("column", INPUT_COLUMNS)
def test_every_formula_start_is_guarded_in_every_input_column(column: str) -> None:
    labels: dict[str, str] = {}
    articles: dict[str, Article] = {}
    events = []
    for n, start in enumerate(FORMULA_START, start=1):
        value = start + PAYLOAD
        if column in ("source_label", "target_label"):
            source, target = f"S{n}", f"T{n}"
            labels[source if column == "source_label" else target] = value
            events.append(make_event(source, target, eid=n))
        elif column in ARTICLE_FIELD:
            articles[f"a{n}"] = Article(f"a{n}", "text", **{ARTICLE_FIELD[column]: value})
            events.append(make_event(eid=n, article_id=f"a{n}"))
        else:
            events.append(make_event(eid=n, **{FIELD_OF.get(column, column): value}))
    for rows in _both(events, labels, articles):
        assert [r[column] for r in rows] == ["'" + start + PAYLOAD for start in FORMULA_START]


def test_plain_text_and_numbers_are_left_alone() -> None:
    event = make_event(eid=1, goldstein=-10.0, sentence="Russia -said", group_id="a:1:2")
    for rows in _both([event]):
        assert (rows[0]["goldstein"], rows[0]["sentence"], rows[0]["group_id"]) == (
            "-10.0",
            "Russia -said",
            "a:1:2",
        )
