"""GDELT 1.0 and 2.0 files into the store: actors, codes, counts, evidence, idempotence."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA
from support import by_id, counts

from graphsvc.imports.runner import BadRow, Summary
from graphsvc.store import Store

Run = Callable[..., Summary]
DAILY = "gdelt1_20240119.export.CSV"
BACKFILE = "gdelt1_20120306.export.CSV"  # 57 columns: before SOURCEURL existed
EVENTS2 = "gdelt2_20240302094500.export.CSV"
MENTIONS2 = "gdelt2_20240302094500.mentions.CSV"


def test_gdelt1_rows_become_events_with_their_codes_counts_and_evidence(
    store: Store, run: Run
) -> None:
    summary = run("gdelt1", DAILY, BACKFILE)
    assert summary.rows == 15
    assert summary.events_added == 12
    # A region (EUR is Europe in CAMEO, not the EU), a missing second actor, civilians.
    assert sum(summary.skipped.values()) == 3
    stored = by_id(store, "gdelt1")
    assert len(stored) == 12
    shelling = stored["1102000003"]
    assert (shelling.source, shelling.target) == ("RUS", "UKR")
    assert (shelling.code, shelling.root, shelling.quad_class) == ("190", "19", 4)
    assert shelling.goldstein == -10.0
    assert shelling.date == date(2024, 1, 16)
    assert (shelling.num_mentions, shelling.num_sources, shelling.num_articles) == (20, 5, 18)
    assert shelling.source_url == "https://news.example-daily.com/europe/shelling-kharkiv-0116"
    assert shelling.extra["actor1_code"] == "RUSMIL"
    # CAMEO codes that are not ISO: organisations by their segment, Romania's old code.
    assert (stored["1102000005"].source, stored["1102000005"].code) == ("UNO", "0233")
    assert stored["1102000006"].source == "EUR"  # IGOEUREEC: the European Union
    assert stored["1102000007"].source == "NAT"  # IGOWSTNAT
    assert stored["1102000008"].source == "ROU"  # ROM
    assert stored["1102000008"].goldstein == 5.2
    # Two events of one story share its evidence article; the older layout has none.
    first, second = stored["1102000001"], stored["1102000002"]
    assert first.article_id == second.article_id
    old = stored["250000101"]
    assert old.source_url is None and old.article_id != first.article_id
    assert (old.source, old.target, old.code) == ("TUR", "SYR", "111")


def test_every_imported_edge_leads_to_an_article_naming_its_evidence(
    store: Store, run: Run
) -> None:
    run("gdelt1", DAILY)
    event = by_id(store, "gdelt1")["1102000004"]
    found = store.get_article(str(event.article_id))
    assert found is not None
    article, article_events = found
    assert article.url == event.source_url
    assert event.source_url is not None and event.source_url in article.text
    assert [e.dataset_event_id for e in article_events] == ["1102000004"]


def test_importing_again_adds_nothing(store: Store, run: Run) -> None:
    run("gdelt1", DAILY, BACKFILE)
    before = counts(store)
    again = run("gdelt1", DAILY, BACKFILE)
    assert again.events_added == 0 and again.events_read == 12
    assert counts(store) == before


def test_a_zipped_file_imports_like_the_plain_one(store: Store, run: Run, tmp_path: Path) -> None:
    archive = tmp_path / "20240119.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(DATA / DAILY, DAILY)
    summary = run("gdelt1", archive)
    assert summary.events_added == 10
    plain = run("gdelt1", DAILY)
    assert plain.events_added == 0  # the same events: already stored from the archive
    assert by_id(store, "gdelt1")["1102000009"].code == "041"


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("gdelt1_bad_goldstein.export.CSV", 3, "GoldsteinScale -12.5 is outside -10 to 10"),
        ("gdelt1_bad_columns.export.CSV", 2, "40 columns"),
    ],
)
def test_a_malformed_row_is_refused_by_its_line_and_its_batch_is_not_written(
    store: Store, run: Run, name: str, line: int, words: str
) -> None:
    with pytest.raises(BadRow) as caught:
        run("gdelt1", name)
    assert caught.value.detail.startswith(f"{DATA / name}:{line}: ")
    assert words in caught.value.detail
    assert counts(store)["events"] == 0  # the good rows before it were in the same batch


def test_skip_bad_stores_the_other_rows_and_lists_the_bad_one(store: Store, run: Run) -> None:
    name = "gdelt1_bad_goldstein.export.CSV"
    summary = run("gdelt1", name, skip_bad=True)
    assert summary.bad == [f"{DATA / name}:3: GoldsteinScale -12.5 is outside -10 to 10"]
    assert sorted(by_id(store, "gdelt1")) == ["1102000901", "1102000902", "1102000904"]


def test_batches_before_a_bad_row_are_kept_and_a_rerun_completes(
    store: Store, run: Run, tmp_path: Path
) -> None:
    lines = (DATA / DAILY).read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.CSV"
    fields = lines[11].split("\t")
    fields[1] = "20241399"  # line 12: month 13
    broken.write_text("".join([*lines[:11], "\t".join(fields), *lines[12:]]), encoding="utf-8")
    with pytest.raises(BadRow, match=r"broken.CSV:12: SQLDATE '20241399' is not a valid date"):
        run("gdelt1", broken, batch_size=5)
    # Lines 1-9 are events, 10-11 skipped rows: the first batch of five was committed, the
    # four events of the batch that held the bad row were not.
    assert sorted(by_id(store, "gdelt1")) == [f"110200000{i}" for i in range(1, 6)]
    done = run("gdelt1", DAILY, batch_size=5)  # the fixed file: the rest goes in
    assert (done.events_read, done.events_added) == (10, 5)
    assert len(by_id(store, "gdelt1")) == 10


def test_gdelt2_mentions_raise_their_events_report_counts(store: Store, run: Run) -> None:
    summary = run("gdelt2", EVENTS2, MENTIONS2)
    assert (summary.events_added, summary.mentions_added) == (4, 9)
    visit = by_id(store, "gdelt2")["1150000001"]
    assert (visit.code, visit.root, visit.quad_class, visit.goldstein) == ("042", "04", 1, 1.9)
    # The events file said 4 mentions in 2 sources; the mentions file has six mentions of
    # five documents from five outlets.
    assert (visit.num_mentions, visit.num_sources, visit.num_articles) == (6, 5, 5)
    shelling = by_id(store, "gdelt2")["1150000002"]
    assert (shelling.num_mentions, shelling.num_sources, shelling.num_articles) == (10, 4, 10)
    before = counts(store)
    again = run("gdelt2", MENTIONS2)
    assert again.mentions_added == 0 and counts(store) == before
    assert by_id(store, "gdelt2")["1150000001"].num_mentions == 6


def test_mentions_imported_before_their_events_are_counted_when_the_events_come(
    store: Store, run: Run
) -> None:
    run("gdelt2", MENTIONS2)
    assert by_id(store, "gdelt2") == {}
    run("gdelt2", EVENTS2)
    visit = by_id(store, "gdelt2")["1150000001"]
    assert (visit.num_mentions, visit.num_sources, visit.num_articles) == (6, 5, 5)


def test_a_malformed_mention_is_refused_by_its_line(store: Store, run: Run) -> None:
    with pytest.raises(BadRow, match=r"gdelt2_bad.mentions.CSV:2: MentionTimeDate"):
        run("gdelt2", "gdelt2_bad.mentions.CSV")
    assert counts(store)["mentions"] == 0


def test_a_damaged_zip_archive_is_refused_with_its_name(
    store: Store, run: Run, tmp_path: Path
) -> None:
    archive = tmp_path / "damaged.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(DATA / DAILY, DAILY)
    data = bytearray(archive.read_bytes())
    data[200:260] = bytes(60)  # inside the compressed member
    archive.write_bytes(bytes(data))
    with pytest.raises(BadRow, match=r"damaged.export.CSV.zip: a damaged zip archive"):
        run("gdelt1", archive)
    assert counts(store)["events"] == 0
