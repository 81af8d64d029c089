"""Imported events over the API (graph, events, dataset filter) and the import command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

from graphsvc.cli import main
from graphsvc.imports.formats import FORMATS
from graphsvc.imports.runner import run_import
from graphsvc.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))
from api_support import TestClient


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    from graphsvc.api.app import create_app
    from graphsvc.service import GraphService

    settings = Settings(db=str(tmp_path / "api.db"))
    service = GraphService(settings)
    run_import(service.store, FORMATS["acled"], [DATA / "acled_2024-02.csv"])
    run_import(service.store, FORMATS["gdelt1"], [DATA / "gdelt1_20240119.export.CSV"])
    yield TestClient(create_app(settings, service), raise_server_exceptions=False)
    service.close()


def _edges(client: TestClient, **params: str) -> set[tuple[str, str]]:
    response = client.get("/graph", params=params)
    assert response.status_code == 200, response.text
    return {(e["source"], e["target"]) for e in response.json()["edges"]}


def test_the_graph_shows_imported_edges_and_the_dataset_filter_picks_them(
    client: TestClient,
) -> None:
    everything = _edges(client)
    acled = _edges(client, dataset="acled")
    gdelt = _edges(client, dataset="gdelt1")
    assert ("ISR", "IRN") in acled and ("ISR", "IRN") not in gdelt
    assert ("UNO", "SYR") in gdelt and ("UNO", "SYR") not in acled
    assert acled | gdelt == everything
    assert _edges(client, exclude_dataset="gdelt1") == acled
    assert _edges(client, dataset="gdelt1,acled", exclude_dataset="acled") == gdelt
    assert _edges(client, dataset="graphsvc") == set()
    nodes = client.get("/graph", params={"dataset": "acled"}).json()["nodes"]
    labels = {n["id"]: n["label"] for n in nodes}
    assert labels["ISR"] == "Israel"  # gazetteer actors stored by the import


def test_events_carry_their_dataset_and_evidence(client: TestClient) -> None:
    response = client.get("/events", params={"dataset": "gdelt1", "actor": "UKR", "limit": 50})
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert {e["dataset"] for e in data} == {"gdelt1"}
    strike = next(e for e in data if e["dataset_event_id"] == "1102000004")
    assert strike["source_url"] == "https://news.example-daily.com/europe/drone-strike-0116"
    assert (strike["num_mentions"], strike["num_sources"], strike["num_articles"]) == (8, 3, 8)
    article = client.get(f"/articles/{strike['article_id']}")
    assert article.status_code == 200
    assert strike["source_url"] in article.json()["text"]


def test_an_unknown_dataset_is_a_422_naming_the_parameter(client: TestClient) -> None:
    response = client.get("/graph", params={"exclude_dataset": "gdelt3"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "exclude_dataset" in response.json()["detail"]
    assert "gdelt3" in response.json()["detail"]


def test_the_import_command_imports_reports_and_refuses_a_bad_row(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    first = runner.invoke(main, ["import", "icews", str(DATA / "icews_events_2019.tab"),
                                 "--db", db])  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "10 rows read" in first.stderr and "8 events added (0 already stored)" in first.stderr
    again = runner.invoke(main, ["import", "icews", str(DATA / "icews_events_2019.tab"),
                                 "--db", db])  # fmt: skip
    assert "0 events added (8 already stored)" in again.stderr
    bad = runner.invoke(main, ["import", "acled", str(DATA / "acled_bad_type.csv"), "--db", db])
    assert bad.exit_code == 1
    lines = bad.stderr.strip().splitlines()
    assert lines == [
        f"Error: {DATA / 'acled_bad_type.csv'}:4: event_type 'Protests' with sub_event_type "
        "'Sit-in' is not in the ACLED codebook"
    ]
    assert "Traceback" not in bad.output
    skipped = runner.invoke(main, ["import", "acled", str(DATA / "acled_bad_type.csv"),
                                   "--db", db, "--skip-bad"])  # fmt: skip
    assert skipped.exit_code == 1
    assert "2 events added" in skipped.stderr and "1 malformed rows left out" in skipped.stderr


def test_export_takes_the_dataset_options(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    runner.invoke(main, ["import", "acled", str(DATA / "acled_2024-02.csv"), "--db", db])
    runner.invoke(main, ["import", "icews", str(DATA / "icews_events_2019.tab"), "--db", db])
    out = runner.invoke(main, ["export", "--format", "csv", "--dataset", "acled", "--db", db])
    assert out.exit_code == 0, out.output
    rows = out.stdout.strip().splitlines()
    assert len(rows) == 1 + 4
    none = runner.invoke(main, ["export", "--format", "csv", "--exclude-dataset", "acled",
                                "--exclude-dataset", "icews", "--db", db])  # fmt: skip
    assert none.stdout.strip().splitlines()[1:] == []


def test_pages_take_the_dataset_filter_and_keep_it_in_their_links(client: TestClient) -> None:
    html = {"accept": "text/html"}
    page = client.get("/view", params={"dataset": "acled"}, headers=html)
    assert page.status_code == 200
    assert 'name="dataset" value="acled" checked' in page.text
    assert 'name="dataset" value="gdelt1">' in page.text
    dyad = client.get("/view/relations/ISR/IRN", params={"dataset": "acled"}, headers=html)
    assert dyad.status_code == 200, dyad.text
    assert "ACLED event SYR301455" in dyad.text
    none = client.get("/view/relations/ISR/IRN", params={"dataset": "gdelt1"}, headers=html)
    assert none.status_code == 200 and "SYR301455" not in none.text
    data = client.get("/view/data", params={"exclude_dataset": "acled"})
    assert data.status_code == 200
    edges = data.json()["edges"]
    assert edges and all("exclude_dataset=acled" in e["url"] for e in edges)
