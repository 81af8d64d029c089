"""bench/endpoint_report.py: percentiles, growth exponents and the issue-7 target marks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from endpoint_report import (
    Measurement,
    endpoint_table,
    export_table,
    growth,
    percentile,
    size_label,
    targets,
)


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(30, 0, -1)]  # 30 … 1, unsorted order on purpose
    assert percentile(values, 50) == 15.0
    assert percentile(values, 95) == 29.0
    assert percentile([], 95) is None


def test_growth_exponent() -> None:
    assert growth(1.0, 10.0, 100_000, 1_000_000) == pytest.approx(1.0)
    assert growth(0.02, 0.02, 10_000, 1_000_000) == pytest.approx(0.0)
    assert growth(None, 1.0, 1, 10) is None


def test_aggregate_targets_depend_on_size() -> None:
    fast = Measurement("/graph", "/graph", "aggregate", "postgresql", 10_000_000, cold_s=2.5)
    fast.warm_s = [0.01] * 30
    assert targets(fast) == [("cold≤3s", True), ("p95≤100ms", True)]
    slow = Measurement("/graph", "/graph", "aggregate", "sqlite", 1_000_000, cold_s=2.5)
    slow.warm_s = [0.01] * 28 + [0.5, 0.5]
    assert targets(slow) == [("cold≤1s", False), ("p95≤100ms", False)]
    timed_out = Measurement("/graph", "/graph", "aggregate", "sqlite", 1_000_000, note="> 120")
    assert targets(timed_out) == [("cold≤1s", False), ("p95≤100ms", False)]


def test_export_targets() -> None:
    m = Measurement(
        "/events.csv", "/events.csv", "export", "sqlite", 1_000_000,
        cold_s=4.0, first_byte_s=0.2, export_events=990_000, peak_mb=300,
    )  # fmt: skip
    assert targets(m) == [("1st byte≤1s", True), ("≥200k ev/s", True), ("peak≤600MB", True)]
    small = Measurement(
        "/events.csv", "/events.csv", "export", "sqlite", 10_000,
        cold_s=1.0, first_byte_s=0.9, export_events=9_000, peak_mb=700,
    )  # fmt: skip
    # Too few events for a throughput verdict; the memory cap holds at any size.
    assert targets(small) == [("1st byte≤1s", True), ("peak≤600MB", False)]


def test_tables_show_exponents_between_sizes() -> None:
    rows = []
    for n, t in ((100_000, 0.1), (1_000_000, 1.0)):
        m = Measurement("/graph", "/graph", "aggregate", "sqlite", n, cold_s=t)
        m.warm_s = [t / 10] * 5
        rows.append(m)
    export = Measurement(
        "/events.csv", "/events.csv", "export", "sqlite", 1_000_000,
        cold_s=2.0, first_byte_s=0.1, export_events=1_000_000, bytes=2_000_000,
    )  # fmt: skip
    table = endpoint_table([*rows, export])
    last_graph_row = [line for line in table.splitlines() if "`/graph`" in line][-1]
    assert "| 1M |" in last_graph_row
    assert "| +1.00 | +1.00 |" in last_graph_row
    assert "| 500,000 |" in export_table([export])
    assert size_label(10_000_000) == "10M" and size_label(2_500) == "2.5k"
