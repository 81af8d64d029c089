"""Hostile input files for ``ingest``: oversized articles (and lines far over any limit, read
in bounded memory), NUL characters and ids that cannot be URLs. Each stops the run with one
``file:line: reason`` line and exit code 1, before anything is stored."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factories import make_article, make_event

from graphsvc.article_rules import MAX_TEXT_CHARS
from graphsvc.cli import main
from graphsvc.errors import InputFileError
from graphsvc.input_files import JSONL_LINE_MAX_BYTES, read_inputs

TEXT = "Armenia and Azerbaijan signed an agreement on transport links on Monday."
LONG_TEXT = ("Russia met Turkey. " * (MAX_TEXT_CHARS // 19 + 1))[: MAX_TEXT_CHARS + 1]


def _jsonl(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _count(patched: Callable[[], Any]) -> int:
    service = patched()
    try:
        return service.store.count_articles()
    finally:
        service.close()


def _fails_with(path: Path, line: int | None, message: str) -> None:
    result = CliRunner().invoke(main, ["ingest", str(path)])
    assert result.exit_code == 1, result.output
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert where + message in result.stderr
    assert result.stderr.strip().count("\n") == 0  # one line
    assert "Traceback" not in result.output


def test_an_article_over_the_limit_names_its_line_and_nothing_is_stored(
    tmp_path: Path, patched: Callable[[], Any]
) -> None:
    path = _jsonl(tmp_path / "batch.jsonl", {"text": TEXT}, {"text": LONG_TEXT}, {"text": TEXT})
    _fails_with(
        path, 2, f"article longer than {MAX_TEXT_CHARS:,} characters ({MAX_TEXT_CHARS + 1:,})"
    )
    assert _count(patched) == 0


def test_an_article_at_the_limit_is_read(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "batch.jsonl", {"text": LONG_TEXT[:MAX_TEXT_CHARS]})
    assert len(read_inputs([path])[0].item.text) == MAX_TEXT_CHARS


def test_a_50_mb_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    chunk = "Russia met Turkey. " * 50_000  # ~1 MB
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": TEXT}) + "\n")
        handle.write('{"text": "')
        for _ in range(53):
            handle.write(chunk)
        handle.write('"}\n')
        handle.write(json.dumps({"text": TEXT}) + "\n")
    assert path.stat().st_size > 50_000_000
    tracemalloc.start()
    try:
        with pytest.raises(InputFileError) as caught:
            read_inputs([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.line == 2
    assert f"article longer than {MAX_TEXT_CHARS:,} characters" in caught.value.detail
    # one capped read (readline copies its buffer once), never the 50 MB line
    assert peak < 2.5 * JSONL_LINE_MAX_BYTES < 50_000_000


def test_a_txt_file_over_the_limit(tmp_path: Path, patched: Callable[[], Any]) -> None:
    path = tmp_path / "long.txt"
    path.write_text(LONG_TEXT, encoding="utf-8")
    _fails_with(path, None, f"article longer than {MAX_TEXT_CHARS:,} characters")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Russia met Turkey. " * 300_000)  # 5.7 MB: refused by its size alone
    tracemalloc.start()
    try:
        with pytest.raises(InputFileError, match="the file has 5,700,000 bytes"):
            read_inputs([huge])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    assert _count(patched) == 0


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": "Russia \x00 met Turkey."}, "the text contains a NUL character (U+0000)"),
        ({"text": TEXT, "title": "a\x00b"}, "the title contains a NUL character"),
        ({"text": TEXT, "source": "\x00"}, "the source contains a NUL character"),
        ({"text": TEXT, "id": "a\u200fb"}, "An article id must be"),
        ({"text": TEXT, "id": ".."}, "An article id must be"),
        ({"text": TEXT, "title": "t" * 1001}, "the title is longer than 1,000 characters"),
    ],
)
def test_records_that_cannot_be_stored_name_their_line(
    tmp_path: Path, patched: Callable[[], Any], record: dict[str, Any], message: str
) -> None:
    path = _jsonl(tmp_path / "batch.jsonl", {"text": TEXT, "id": "fine"}, record)
    _fails_with(path, 2, message)
    assert _count(patched) == 0


def test_a_txt_file_with_nul_names_the_file(tmp_path: Path, patched: Callable[[], Any]) -> None:
    path = tmp_path / "nul.txt"
    path.write_text("Russia and Turkey\x00 held talks.", encoding="utf-8")
    _fails_with(path, None, "the text contains a NUL character")
    assert _count(patched) == 0


def test_lines_are_numbered_as_before(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    lines = [json.dumps({"text": TEXT}), "", json.dumps({"text": TEXT + " 2"})]
    path.write_bytes(("\r\n".join(lines)).encode())  # CRLF, blank line, no final newline
    docs = read_inputs([path])
    assert [(d.line, d.item.text[-2:]) for d in docs] == [(1, "y."), (3, " 2")]


def test_csv_export_guards_the_group_id(tmp_path: Path, patched: Callable[[], Any]) -> None:
    service = patched()
    try:
        event = make_event(group_id="=HYPERLINK(1):0:2", article_id="+1")
        service.store.add_article(make_article(TEXT, "+1"), [event])
    finally:
        service.close()
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert (row["article_id"], row["group_id"]) == ("'+1", "'=HYPERLINK(1):0:2")
