"""The server-side SVG charts: well-formed, one bar group per period, bars in proportion,
the Goldstein line where there are events, accessible names, escaped text."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from graphsvc.analysis.series import fold
from graphsvc.models import SeriesPoint
from graphsvc.render.chart_svg import nice_ceiling, series_chart, sparkline
from graphsvc.render.style import QUAD_COLOURS

NS = {"svg": "http://www.w3.org/2000/svg"}


def _points() -> list[SeriesPoint]:
    """Three months, the middle one empty: 3 + 1 events, then 2 + 4."""
    rows = [
        (date(2021, 1, 5), (3, 0, 0, 1), 3 * 1.0 - 10.0),
        (date(2021, 3, 9), (0, 2, 4, 0), 2 * 7.0 + 4 * -2.0),
    ]
    return fold(rows, "month")


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on markup that is not well-formed XML


def test_one_bar_group_per_period_with_stacked_quad_rects() -> None:
    points = _points()
    assert [p.period for p in points] == ["2021-01", "2021-02", "2021-03"]
    root = _parse(series_chart(points, title="RUS – TUR", interval="month"))
    groups = root.findall(".//svg:g[@class='bar']", NS)
    assert [g.get("data-period") for g in groups] == ["2021-01", "2021-02", "2021-03"]
    assert [int(g.get("data-count", "-1")) for g in groups] == [4, 0, 6]
    first = groups[0].findall("svg:rect", NS)
    assert [r.get("class") for r in first] == ["q1", "q4"]
    assert [r.get("fill") for r in first] == [QUAD_COLOURS[1], QUAD_COLOURS[4]]
    assert groups[1].findall("svg:rect", NS) == []  # an empty period draws no bar
    assert "4 events" in (groups[0].findtext("svg:title", namespaces=NS) or "")


def test_bar_heights_are_proportional_to_counts_and_stack() -> None:
    root = _parse(series_chart(_points(), title="t", interval="month"))
    rects = root.findall(".//svg:g[@class='bar']/svg:rect", NS)
    heights = [float(r.get("height", "0")) for r in rects]
    counts = [int(r.get("data-count", "0")) for r in rects]
    assert counts == [3, 1, 2, 4]
    per_event = heights[0] / counts[0]
    for h, n in zip(heights, counts, strict=True):
        assert h == pytest.approx(n * per_event, abs=0.02)
    # stacked: each rect sits on top of the one below it in the same group
    for group in root.findall(".//svg:g[@class='bar']", NS):
        rs = group.findall("svg:rect", NS)
        for lower, upper in itertools.pairwise(rs):
            top_of_upper = float(upper.get("y", "0")) + float(upper.get("height", "0"))
            assert top_of_upper == pytest.approx(float(lower.get("y", "0")), abs=0.02)
    # the busiest period (6) against an axis maximum of nice_ceiling(6) = 10
    tallest = sum(heights[2:])
    assert tallest == pytest.approx(6 * per_event, abs=0.05)
    assert nice_ceiling(6) == 10


def test_goldstein_line_breaks_at_empty_periods() -> None:
    root = _parse(series_chart(_points(), title="t", interval="month"))
    path = root.find(".//svg:path[@class='goldstein']", NS)
    assert path is not None
    moves = re.findall(r"[ML]", path.get("d", ""))
    assert moves == ["M", "M"]  # two separate points: January and March, nothing between
    dots = root.findall(".//svg:g[@class='goldstein-line']/svg:circle", NS)
    assert len(dots) == 2
    # mean -1.75 in January lies below the middle (0), +1.0 in March above it
    y_jan, y_mar = (float(d.get("cy", "0")) for d in dots)
    assert y_jan > y_mar


def test_chart_is_accessible_and_escapes_its_text() -> None:
    svg = series_chart(_points(), title='<script>"A" & B</script>', interval="month", chart_id="c1")
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.findtext("svg:title", namespaces=NS) == '<script>"A" & B</script>'
    assert "<script>" not in svg
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Events per month" in texts and "Mean Goldstein" in texts  # axis labels
    for label in ("Verbal cooperation", "Material conflict"):  # the legend
        assert label in texts
    assert {"−10", "0", "+10"} <= set(texts)


def test_empty_series_is_a_message_not_an_error() -> None:
    root = _parse(series_chart([], title="nothing", interval="month"))
    assert root.findall(".//svg:g[@class='bar']", NS) == []
    assert "No dated events" in "".join(root.itertext())


def test_many_periods_label_only_some() -> None:
    rows = [(date(2021, 1, 1 + i), (1, 0, 0, 0), 1.0) for i in range(0, 28)]
    root = _parse(series_chart(fold(rows, "day"), title="t", interval="day"))
    assert len(root.findall(".//svg:g[@class='bar']", NS)) == 28
    labels = root.findall(".//svg:text[@class='period']", NS)
    assert 1 < len(labels) < 28


def test_sparkline() -> None:
    root = _parse(sparkline([0, 2, 4, 1], label="Turkey & <co>"))
    assert root.get("aria-label") == "Turkey & <co>"
    line = root.find("svg:polyline", NS)
    assert line is not None
    ys = [float(pair.split(",")[1]) for pair in line.get("points", "").split()]
    assert ys[2] == min(ys) and ys[0] == max(ys)  # the busiest month is highest
    assert _parse(sparkline([3], label="one")).find("svg:circle", NS) is not None
    assert _parse(sparkline([], label="none")).find("svg:polyline", NS) is None


@pytest.mark.parametrize(("busiest", "ticks"), [(1, ["0", "1"]), (6, ["0", "5", "10"])])
def test_event_axis_ticks_are_whole_numbers(busiest: int, ticks: list[str]) -> None:
    rows = [(date(2021, 1, 1), (busiest, 0, 0, 0), 1.0 * busiest)]
    root = _parse(series_chart(fold(rows, "day"), title="t", interval="day"))
    left = [
        t.text for t in root.findall(".//svg:g[@class='axes']/svg:text[@text-anchor='end']", NS)
    ]
    assert left == ticks
