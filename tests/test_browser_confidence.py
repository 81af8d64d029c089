"""Headless Chromium: edges whose events were extracted with low confidence are drawn
dashed and faint, the others solid, and the legend says what dashes mean."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import make_article, make_event
from live_app import serving_app
from test_browser import CHROMIUM, CHROMIUM_ARGS, _wait_for_graph

from graphsvc.render.style import LOW_CONFIDENCE
from graphsvc.settings import Settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """RUS→TUR and FRA→DEU extracted confidently, ARM→AZE and USA→CHN doubtfully."""
    from graphsvc.api.app import create_app
    from graphsvc.service import GraphService

    db = tmp_path_factory.mktemp("browser_conf") / "graphsvc.db"
    settings = Settings(db=str(db), follow_feeds=False, ingest_workers=0)
    service = GraphService(settings)
    day = date(2021, 1, 13)
    service.store.add_articles([
        (make_article("Confident story.", "s1"),
         [make_event("RUS", "TUR", confidence=0.95, date=day),
          make_event("FRA", "DEU", confidence=0.9, date=day)]),
        (make_article("Doubtful story.", "s2"),
         [make_event("ARM", "AZE", confidence=0.45, date=day),
          make_event("USA", "CHN", confidence=0.5, date=day)]),
    ])  # fmt: skip
    with serving_app(create_app(settings, service)) as url:
        yield url
    service.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        chromium.close()


DRAWN = """
() => window.graphsvcNetwork.body.data.edges.get().map(e => ({
  id: e.id, dashes: e.dashes || false, opacity: (e.color && e.color.opacity) || 1,
}))
"""


def test_low_confidence_edges_are_drawn_dashed(
    base_url: str, page: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page.goto(f"{base_url}/view", wait_until="load")
    _wait_for_graph(page)
    edges = {e["id"]: e for e in page.evaluate(DRAWN)}
    assert set(edges) == {"RUS>TUR", "FRA>DEU", "ARM>AZE", "USA>CHN"}
    for doubtful in ("ARM>AZE", "USA>CHN"):
        assert edges[doubtful]["dashes"] and edges[doubtful]["opacity"] < 1, edges
    for confident in ("RUS>TUR", "FRA>DEU"):
        assert edges[confident]["dashes"] is False and edges[confident]["opacity"] == 1, edges
    legend = page.inner_text("section.legend")
    assert f"below {LOW_CONFIDENCE:g}" in legend and "Dashed" in legend
    shot = tmp_path_factory.mktemp("shots") / "confidence.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_the_threshold_field_refilters_the_page(base_url: str, page: Any) -> None:
    page.goto(f"{base_url}/view", wait_until="load")
    _wait_for_graph(page)
    page.fill("input[name=min_confidence]", "0.6")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**min_confidence=0.6**")
    _wait_for_graph(page)
    assert {e["id"] for e in page.evaluate(DRAWN)} == {"RUS>TUR", "FRA>DEU"}
