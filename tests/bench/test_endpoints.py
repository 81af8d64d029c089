"""bench/endpoints.py against a real `graphsvc serve` on a small synthetic store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import endpoints
import make_store


def test_measures_an_export_on_a_fresh_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "small.db"
    assert make_store.main(["--events", "300", "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    out = tmp_path / "results.json"
    # One endpoint: every server start pays the app's imports (seconds on a busy machine).
    args = [str(db), "--only", "/events.csv", "--no-filtered", "--no-all"]
    args += ["--repeats", "3", "--export-repeats", "2", "--json", str(out)]
    assert endpoints.main(args) == 0
    rows = {r["endpoint"]: r for r in json.loads(out.read_text())}
    assert set(rows) == {"/events.csv"}
    export = rows["/events.csv"]
    assert export["events"] == 300 and export["backend"] == "sqlite"
    assert export["primer_s"] > 0 and export["rss_mb"] > 0
    assert export["peak_mb"] >= export["rss_mb"]
    # The CSV streams every non-negated event: a header plus one line each, at least.
    assert 250 < export["export_events"] <= 300
    assert export["bytes"] > 100 * export["export_events"]
    assert 0 < export["first_byte_s"] <= export["cold_s"]
    assert len(export["warm_s"]) == 2
    table = capsys.readouterr().out
    assert "| `/events.csv` | sqlite | 300 |" in table
    assert "| export | backend |" in table
    # The saved results print the same tables again.
    assert endpoints.main(["--report", str(out)]) == 0
    assert capsys.readouterr().out == table


def test_plan_names_the_busiest_pair_and_the_last_full_year() -> None:
    facts = endpoints.StoreFacts("x.db", "sqlite", 1000, ("USA", "CHN"), 2025)
    paths = {s.name: s.path for s in endpoints.plan(facts)}
    assert paths["/relations?a={top}&b={2nd}"] == "/relations?a=USA&b=CHN"
    assert paths["/view/actors/{top}"] == "/view/actors/USA"
    assert paths["/graph [1 year]"] == "/graph?date_from=2025-01-01&date_to=2025-12-31"
    assert paths["/graph.graphml [actor]"] == "/graph.graphml?actor=USA"
    assert len(endpoints.plan(facts, filtered=False)) == 10
