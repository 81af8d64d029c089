"""The graphsvc command, in-process through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from graphsvc.cli import main

RUS_TUR = (
    "Russia and Turkey hold talks\n\n"
    "Russia and Turkey held talks in Ankara on Wednesday about the Caucasus.\n"
)
ARM_AZE = "Armenia and Azerbaijan signed an agreement on transport links on Monday."
FRA_DEU = "France and Germany agreed to cooperate on energy, officials in Berlin said."

COMMANDS = ("serve", "ingest", "extract", "export", "evaluate")


def _jsonl(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A directory with one .txt story and a nested .jsonl with two more."""
    root = tmp_path / "corpus"
    (root / "nested").mkdir(parents=True)
    (root / "rus-tur.txt").write_text(RUS_TUR, encoding="utf-8")
    (root / "nested" / "more.jsonl").write_text(
        _jsonl(
            {"id": "arm-aze", "text": ARM_AZE, "title": "Deal", "published": "2021-01-11"},
            {"text": FRA_DEU, "date": "2021-02-01", "source": "wire", "ignored": [1, 2]},
        ),
        encoding="utf-8",
    )
    (root / "notes.md").write_text("not an article", encoding="utf-8")  # skipped in directories
    return root


def test_help_on_every_command() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output
        sub = runner.invoke(main, [command, "--help"])
        assert sub.exit_code == 0, sub.output
        assert f"Usage: main {command}" in sub.output or "Usage:" in sub.output
    assert "--processes" in runner.invoke(main, ["ingest", "--help"]).output
    assert "--processes" in runner.invoke(main, ["extract", "--help"]).output
    assert "--load-demo-if-empty" in runner.invoke(main, ["serve", "--help"]).output


def test_ingest_directory_then_again(corpus: Path, patched: Callable[[], Any]) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(corpus)])
    assert result.exit_code == 0, result.output
    first_line = result.stdout.strip().splitlines()[-1]
    assert first_line.startswith("3 articles added, 0 skipped (already present), ")
    events = int(first_line.rsplit(", ", 1)[1].split()[0])
    assert events >= 3

    service = patched()
    try:
        articles = {a.id: a for a in service.list_articles(limit=10).items}
        assert "arm-aze" in articles
        assert articles["arm-aze"].title == "Deal"
        titles = {a.title for a in articles.values()}
        assert "Russia and Turkey hold talks" in titles  # first short line of the .txt
        texts = {a.text for a in articles.values()}
        assert RUS_TUR in texts
    finally:
        service.close()

    again = runner.invoke(main, ["ingest", str(corpus)])
    assert again.exit_code == 0
    assert again.stdout.strip().splitlines()[-1] == (
        "0 articles added, 3 skipped (already present), 0 events"
    )


def test_malformed_jsonl_line_stops_everything(tmp_path: Path, patched: Callable[[], Any]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(RUS_TUR, encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_jsonl({"text": ARM_AZE}) + '{"text": "Russia and Turkey", \n', encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0  # one line
    assert f"{bad}:2: invalid JSON" in result.stderr
    assert "Traceback" not in result.output
    service = patched()
    try:
        assert service.list_articles(limit=10).items == []
    finally:
        service.close()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"title": "no text"}', "missing 'text'"),
        ('{"text": "   "}', "'text' is empty"),
        ('["a", "list"]', "expected a JSON object"),
        ('{"text": "Russia and Turkey", "published": "13/01/2021"}', "not an ISO date"),
        ('{"text": "Russia and Turkey", "title": {"a": 1}}', "'title' must be a string"),
    ],
)
def test_malformed_records_name_file_and_line(
    tmp_path: Path, patched: Callable[[], Any], line: str, message: str
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(_jsonl({"text": ARM_AZE}) + "\n" + line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: " in result.stderr
    assert message in result.stderr


def test_invalid_utf8_file_is_a_one_line_error(tmp_path: Path, patched: Callable[[], Any]) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Russia and Türkiye held talks.".encode("latin-1"))
    result = CliRunner().invoke(main, ["ingest", str(path)])
    assert result.exit_code == 1
    assert f"{path}: not valid UTF-8" in result.stderr
    assert "Traceback" not in result.output


def test_unsupported_file_type_is_refused(tmp_path: Path, patched: Callable[[], Any]) -> None:
    path = tmp_path / "story.md"
    path.write_text(RUS_TUR, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(path)])
    assert result.exit_code == 1
    assert "unsupported file type" in result.stderr


def test_missing_path_is_a_usage_error(patched: Callable[[], Any]) -> None:
    result = CliRunner().invoke(main, ["ingest", "/no/such/file.txt"])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_extract_prints_json_lines(corpus: Path, db_path: Path, patched: Callable[[], Any]) -> None:
    result = CliRunner().invoke(main, ["extract", str(corpus)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    required = {
        "doc_id",
        "source",
        "target",
        "code",
        "root",
        "quad_class",
        "goldstein",
        "label",
        "date",
        "date_precision",
        "sentence",
        "source_text",
        "target_text",
        "confidence",
    }
    for record in records:
        assert required <= set(record), record
        assert record.get("negated", True) is True  # present only when true
    by_doc: dict[str, set[frozenset[str]]] = {}
    for r in records:
        by_doc.setdefault(r["doc_id"], set()).add(frozenset((r["source"], r["target"])))
    assert {"RUS", "TUR"} in by_doc["rus-tur"]
    assert {"ARM", "AZE"} in by_doc["arm-aze"]
    assert {"FRA", "DEU"} in by_doc["more:2"]  # no id: file stem and line
    assert all(r["date"] is None or r["date"].startswith("2021-") for r in records)
    assert not db_path.exists()  # extract needs no database


def test_extract_uses_the_record_date(tmp_path: Path, patched: Callable[[], Any]) -> None:
    path = tmp_path / "dated.jsonl"
    text = "Russia and Turkey held talks in Ankara."
    path.write_text(_jsonl({"id": "d1", "text": text, "date": "2020-11-10"}), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(r["date"] == "2020-11-10" for r in records)


def test_export_formats(corpus: Path, tmp_path: Path, patched: Callable[[], Any]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(corpus)]).exit_code == 0

    out = tmp_path / "out.graphml"
    result = runner.invoke(main, ["export", "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"to {out}" in result.stderr
    graph = nx.read_graphml(out, force_multigraph=True)
    assert {"RUS", "TUR", "ARM", "AZE"} <= set(graph.nodes)

    aggregated = tmp_path / "dyads.graphml"
    runner.invoke(main, ["export", "--format", "graphml", "--aggregated", "-o", str(aggregated)])
    dyads = nx.read_graphml(aggregated)
    assert not dyads.is_multigraph()
    assert all("count" in d for *_, d in dyads.edges(data=True))

    csv_result = runner.invoke(main, ["export", "--format", "csv", "--actor", "RUS"])
    rows = list(csv.DictReader(io.StringIO(csv_result.stdout)))
    assert rows and all("RUS" in (r["source"], r["target"]) for r in rows)
    assert {r["source_label"] for r in rows if r["source"] == "RUS"} == {"Russia"}
    armenia = runner.invoke(main, ["export", "--format", "csv", "--actor", "ARM"]).stdout
    rows = list(csv.DictReader(io.StringIO(armenia)))
    assert rows and {
        (r["article_id"], r["article_title"], r["article_published"]) for r in rows
    } == {("arm-aze", "Deal", "2021-01-11")}

    as_json = json.loads(
        runner.invoke(main, ["export", "--format", "json", "--date-from", "2021-01-12"]).stdout
    )
    linked = nx.node_link_graph(as_json, edges="edges")
    assert "ARM" not in linked.nodes  # the ARM–AZE story is dated 2021-01-11

    gexf = tmp_path / "g.gexf"
    assert runner.invoke(main, ["export", "--format", "gexf", "-o", str(gexf)]).exit_code == 0
    assert nx.read_gexf(gexf).number_of_nodes() >= 4


def test_export_bad_options(tmp_path: Path, patched: Callable[[], Any]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--format", "pdf"]).exit_code == 2
    assert runner.invoke(main, ["export", "--format", "csv", "--quad-class", "5"]).exit_code == 2
    reversed_dates = runner.invoke(
        main, ["export", "--format", "csv", "--date-from", "2021-02-01", "--date-to", "2021-01-01"]
    )
    assert reversed_dates.exit_code == 2
    for option, value in (("--code", "9999"), ("--code", "041,0411"), ("--root", "190"),
                          ("--root", "041")):  # fmt: skip
        unknown = runner.invoke(main, ["export", "--format", "csv", option, value])
        assert unknown.exit_code == 2, (option, value)
        assert option in unknown.stderr and "CAMEO" in unknown.stderr
    known = runner.invoke(main, ["export", "--format", "csv", "--code", "041,190", "--root", "04"])
    assert known.exit_code == 0, known.output
    missing_dir = tmp_path / "no" / "such" / "dir" / "out.csv"
    result = runner.invoke(main, ["export", "--format", "csv", "-o", str(missing_dir)])
    assert result.exit_code == 1
    assert str(missing_dir) in result.stderr
    assert "Traceback" not in result.output


def test_bad_settings_from_environment(
    patched: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHSVC_PAGE_NODE_CAP", "lots")
    result = CliRunner().invoke(main, ["export", "--format", "csv"])
    assert result.exit_code == 1
    assert "page_node_cap" in result.stderr


def test_serve_prints_urls_and_starts_uvicorn(
    patched: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.setenv("GRAPHSVC_PORT", "8123")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/view" in result.stdout
    assert "http://127.0.0.1:8123/docs" in result.stdout
    assert "http://127.0.0.1:8123/graph.graphml" in result.stdout
    assert calls and calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123

    calls.clear()
    args = ["serve", "--host", "0.0.0.0", "--port", "9000", "--insecure-no-auth"]
    result = CliRunner().invoke(main, args)
    assert calls[0]["host"] == "0.0.0.0" and calls[0]["port"] == 9000
    assert "http://127.0.0.1:9000/view" in result.stdout


def test_serve_loads_demo_into_empty_database(
    patched: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    result = CliRunner().invoke(main, ["serve", "--load-demo-if-empty"])
    assert result.exit_code == 0, result.output
    assert "demo articles" in result.stdout
    second = CliRunner().invoke(main, ["serve", "--load-demo-if-empty"])
    assert "demo articles" not in second.stdout


def test_evaluate_on_a_small_gold_file(tmp_path: Path, patched: Callable[[], Any]) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        _jsonl(
            {
                "id": "g1",
                "text": "Russia and Turkey held talks in Ankara.",
                "date": "2021-01-13",
                "events": [{"source": "RUS", "target": "TUR", "code": "040", "symmetric": True}],
            },
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["evaluate", str(gold)])
    assert result.exit_code == 0, result.output
    assert "pair_root" in result.stdout
    as_json = CliRunner().invoke(main, ["evaluate", str(gold), "--json"])
    report = json.loads(as_json.stdout)
    assert report  # structure owned by graphsvc.evaluate

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    failed = CliRunner().invoke(main, ["evaluate", str(broken)])
    assert failed.exit_code == 1
    assert f"{broken}:1:" in failed.stderr


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("graphsvc, version ")


def test_txt_dates_come_from_option_or_file_name(
    tmp_path: Path, patched: Callable[[], Any]
) -> None:
    text = "Russia and Turkey held talks in Ankara on Wednesday."
    named = tmp_path / "wire-2021-01-13-talks.txt"
    named.write_text(text, encoding="utf-8")
    plain = tmp_path / "talks.txt"
    plain.write_text(text, encoding="utf-8")
    runner = CliRunner()
    by_name = [
        json.loads(x) for x in runner.invoke(main, ["extract", str(named)]).stdout.splitlines()
    ]
    assert by_name and all(r["date"] == "2021-01-13" for r in by_name)  # Wednesday = that day
    undated = runner.invoke(main, ["extract", str(plain)]).stdout.splitlines()
    assert all(json.loads(x)["date"] != "2021-01-13" for x in undated)
    given = runner.invoke(main, ["extract", "--published", "2021-01-15", str(plain)])
    records = [json.loads(x) for x in given.stdout.splitlines()]
    assert records and all(r["date"] == "2021-01-13" for r in records)  # the Wednesday before


SEED_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"


def test_extract_seed_article(patched: Callable[[], Any]) -> None:
    if not SEED_DIR.is_dir():
        pytest.skip("../shared/seed is absent")
    result = CliRunner().invoke(main, ["extract", str(SEED_DIR)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    pairs = {frozenset((r["source"], r["target"])) for r in records if not r.get("negated")}
    for pair in ({"RUS", "TUR"}, {"RUS", "AZE"}, {"RUS", "ARM"}, {"AZE", "ARM"}):
        assert pair in pairs, pair
    call = [r for r in records if {r["source"], r["target"]} == {"RUS", "TUR"}]
    assert any(r["code"] == "041" and r["date"] == "2021-01-13" for r in call), call


@pytest.mark.parametrize("command", ["export", "ingest", "serve"])
def test_database_that_cannot_be_opened_is_one_line(
    command: str, tmp_path: Path, patched: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database URL that fails used to end in SQLAlchemy's traceback."""
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    story = tmp_path / "story.txt"
    story.write_text(RUS_TUR, encoding="utf-8")
    extra = {"export": ["--format", "csv"], "ingest": [str(story)], "serve": []}[command]
    for db, expected in (
        ("postgresql://someone:hunter2@127.0.0.1:1/nothing", "Cannot open the database"),
        (str(tmp_path), "Cannot open the database"),  # a folder, not a SQLite file
        ("nosuchdialect://x", "Cannot use the database URL"),
    ):
        result = CliRunner().invoke(main, [command, *extra, "--db", db])
        assert result.exit_code == 1, (db, result.output)
        assert isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.stderr.startswith(f"Error: {expected}"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "hunter2" not in result.output


def test_make_run_does_not_treat_a_database_url_as_a_folder(tmp_path: Path) -> None:
    """`make run DB=postgresql://…` ran `mkdir -p postgresql://…/` in the work tree."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [make, "-n", "-C", str(root), "run", "DB=postgresql://u@127.0.0.1:5432/x", "PORT=1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    serve = [line for line in result.stdout.splitlines() if "graphsvc serve" in line]
    assert serve and "--db postgresql://u@127.0.0.1:5432/x" in serve[0]
    assert "mkdir" not in result.stdout


def test_export_min_count_past_the_stored_integers_is_a_usage_error(
    tmp_path: Path, patched: Callable[[], Any]
) -> None:
    """9223372036854775808 overflowed SQLite's integer (a traceback); 2**31 PostgreSQL's."""
    runner = CliRunner()
    for value in ("9223372036854775808", "2147483648"):
        result = runner.invoke(main, ["export", "--format", "csv", "--min-count", value])
        assert result.exit_code == 2, result.output
        assert "--min-count" in result.output and "Traceback" not in result.output
