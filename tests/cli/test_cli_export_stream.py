"""`graphsvc export` streams: a file appears complete or not at all; stdout gets the bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from factories import make_article, make_event

import graphsvc.service
from graphsvc.cli import main
from graphsvc.errors import InvalidInput
from graphsvc.models import EventFilter
from graphsvc.store import Store


@pytest.fixture
def stored(db_path: Path) -> Path:
    """A database with 30 events (RUS→TUR, ARM→AZE) written straight into the store."""
    store = Store(f"sqlite:///{db_path}")
    pairs = [("RUS", "TUR"), ("ARM", "AZE")]
    events = [
        make_event(*pairs[i % 2], date=date(2021, 1, 1 + i), sentence=f"Talks {i}, said.")
        for i in range(30)
    ]
    store.add_article(make_article("a story", "s1"), events)
    store.close()
    return db_path


def test_export_streams_to_a_file_and_stdout(stored: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.graphml"
    result = CliRunner().invoke(main, ["export", "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out.stat().st_size} bytes to {out}" in result.stderr
    G = nx.read_graphml(out, force_multigraph=True)
    assert G.number_of_edges() == 30
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    printed = CliRunner().invoke(main, ["export", "--format", "csv", "--actor", "ARM"])
    rows = list(csv.DictReader(io.StringIO(printed.stdout)))
    assert len(rows) == 15 and {r["source"] for r in rows} == {"ARM"}


def test_a_failure_mid_stream_leaves_no_half_written_file(
    stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = graphsvc.service.GraphService.export_stream
    closed: list[bool] = []

    def failing(self, fmt: str, filters: EventFilter, *, multi: bool = True):  # type: ignore[no-untyped-def]
        chunks, media = real(self, fmt, filters, multi=multi)

        def broken() -> Iterator[bytes]:
            try:
                yield next(chunks)
                raise InvalidInput("the database went away")
            finally:
                chunks.close()  # type: ignore[attr-defined]
                closed.append(True)

        return broken(), media

    monkeypatch.setattr(graphsvc.service.GraphService, "export_stream", failing)
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: the database went away"
    assert not out.exists() and list(tmp_path.glob(".events.csv.*")) == []
    assert closed == [True]
    out.write_text("previous export", encoding="utf-8")
    assert CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(out)]).exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous export"  # left as it was


def test_export_keeps_events_of_at_least_the_min_confidence(db_path: Path) -> None:
    store = Store(f"sqlite:///{db_path}")
    confidences = [0.4, 0.6, 0.65, 0.9]
    store.add_article(make_article("confidences", "c1"), [
        make_event("RUS", "TUR", date=date(2021, 2, 1 + i), confidence=c)
        for i, c in enumerate(confidences)
    ])  # fmt: skip
    store.close()
    for threshold, kept in (("0.6", 3), ("0.62", 2), ("1", 0)):
        printed = CliRunner().invoke(main, ["export", "--format", "csv",
                                            "--min-confidence", threshold])  # fmt: skip
        assert printed.exit_code == 0, printed.output
        assert len(list(csv.DictReader(io.StringIO(printed.stdout)))) == kept, threshold
    aggregated = CliRunner().invoke(main, ["export", "--format", "json", "--aggregated",
                                           "--min-confidence", "0.6"])  # fmt: skip
    assert aggregated.exit_code == 0, aggregated.output
    assert '"confidence":0.717' in aggregated.stdout.replace(" ", "")  # (0.6+0.65+0.9)/3
    refused = CliRunner().invoke(main, ["export", "--format", "csv", "--min-confidence", "1.5"])
    assert refused.exit_code == 2
    assert "--min-confidence" in refused.stderr and "0<=x<=1" in refused.stderr
