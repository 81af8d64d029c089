"""Headless Chromium on the evidence pages: the dyad page draws its chart and its events,
links to the article page, stays offline and clean, and fits a 390 px phone without
sideways scrolling (wide tables scroll inside their box). Server and browser fixtures are
those of ``test_browser.py`` (demo corpus, or a few stories, plus an XSS story)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_browser import Watched, base_url, browser, watched  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

PAGE_FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def phone(browser: Any) -> Iterator[Watched]:  # noqa: F811 - the imported fixture
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    seen = Watched(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda msg: seen.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    yield seen
    context.close()


def test_dyad_page_shows_chart_and_events_and_reaches_the_article(
    base_url: str,  # noqa: F811
    watched: Watched,  # noqa: F811
) -> None:
    page = watched.page
    page.goto(f"{base_url}/view/relations/RUS/TUR", wait_until="load")
    chart = page.locator("svg.gs-chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("svg.gs-chart g.bar rect").count() >= 1
    rows = page.locator("table.gs-evtable tbody tr")
    assert rows.count() >= 1
    assert page.locator("table.gs-evtable mark").count() >= 1
    assert watched.dialogs == []  # the XSS story's sentence stayed text
    link = rows.first.locator("a[href^='/pages/articles/']")
    with page.expect_navigation():
        link.click()
    assert "/pages/articles/" in page.url
    assert page.locator("h1").is_visible()
    watched.assert_clean(base_url)


@pytest.mark.parametrize("path", ["/view/relations/RUS/TUR", "/pages/articles/xss-story"])
def test_evidence_pages_fit_a_phone(base_url: str, phone: Watched, path: str) -> None:  # noqa: F811
    page = phone.page
    page.goto(f"{base_url}{path}", wait_until="load")
    assert page.evaluate(PAGE_FITS), page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    phone.assert_clean(base_url)


def test_actor_page_partners_fit_a_phone(base_url: str, phone: Watched) -> None:  # noqa: F811
    page = phone.page
    page.goto(f"{base_url}/view/actors/RUS", wait_until="load")
    section = page.locator("section.gs-evidence")
    assert section.locator("table.gs-partners tbody tr").count() >= 1
    assert section.locator("svg.gs-spark").count() >= 1
    width = page.evaluate("document.querySelector('section.gs-evidence').scrollWidth")
    assert width <= 390
    phone.assert_clean(base_url)
