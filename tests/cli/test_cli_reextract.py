"""graphsvc reextract: stale articles extracted again, their events re-linked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from click.testing import CliRunner
from linking_writeups import CALL

from graphsvc.cli import main
from graphsvc.models import ArticleInput, EventFilter


def test_reextract_only_stale_articles_then_all(patched: Callable[[], Any]) -> None:
    service = patched()
    for story in CALL:
        published = date.fromisoformat(story["published"])
        item = ArticleInput(text=story["text"], id=story["id"], published=published)
        service.ingest(item)
    service.close()
    runner = CliRunner()
    result = runner.invoke(main, ["reextract"])
    assert result.exit_code == 0, result.output
    assert "0 articles re-extracted" in result.output
    result = runner.invoke(main, ["reextract", "--all"])
    assert result.exit_code == 0, result.output
    assert f"{len(CALL)} articles re-extracted" in result.output
    service = patched()
    try:
        f = EventFilter(actors=frozenset({"FRA", "DEU"}), roots=frozenset({"04"}))
        (event,) = service.store.query_events(f)[0]
        assert event.reports == len(CALL)
    finally:
        service.close()


def test_reextract_on_an_unreachable_database_is_one_line() -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"  # nothing listens on port 1
    result = CliRunner().invoke(main, ["reextract", "--db", url])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_export_csv_counts_events_or_reports(patched: Callable[[], Any], tmp_path) -> None:
    service = patched()
    for story in CALL:
        published = date.fromisoformat(story["published"])
        service.ingest(ArticleInput(text=story["text"], id=story["id"], published=published))
    service.close()
    runner = CliRunner()
    lines = {}
    for unit in ("events", "reports"):
        out = tmp_path / f"{unit}.csv"
        args = ["export", "--format", "csv", "--actor", "FRA", "--root", "04", "--unit", unit]
        result = runner.invoke(main, [*args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        lines[unit] = out.read_text().splitlines()[1:]
    assert len(lines["events"]) == 1 and len(lines["reports"]) >= len(CALL)
    result = runner.invoke(main, ["export", "--format", "graphml", "--unit", "reports"])
    assert result.exit_code == 2 and "--unit reports is for --format csv" in result.output
