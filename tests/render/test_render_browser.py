"""The graph page in headless Chromium under the production CSP: drawn, no console errors,
tooltips are text. Serves the page and its assets (static/, pyvis's vis-network)
from a throw-away HTTP server, independent of the API."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graphsvc.assets import STATIC_DIR
from graphsvc.graph import build_dyad_graph, build_multigraph
from graphsvc.models import Actor, Event
from graphsvc.render import to_html

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
)
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


class Handler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def _site(root: Path) -> None:
    import pyvis

    static = root / "static"
    shutil.copytree(STATIC_DIR, static)
    shutil.copytree(Path(pyvis.__file__).parent / "lib" / "vis-9.1.2", static / "vis")
    actors = [Actor("RUS", f"Russia {XSS}"), Actor("TUR", "Turkey"), Actor("UNO", "UN", "igo")]
    events = [
        Event("RUS", "TUR", "041", "04", 1, 1.0, "Discuss by telephone", date(2021, 1, 13),
              "day", f"Putin said {XSS}.", id=1),
        Event("TUR", "RUS", "190", "19", 4, -10.0, "Use force", None, "published",
              "Clash.", id=2),
        Event("UNO", "RUS", "043", "04", 1, 2.8, "Meet", date(2021, 1, 2), "day", "Met.",
              id=3, symmetric=True),
    ]  # fmt: skip
    page = to_html(
        build_dyad_graph(events, actors),
        title=f"View {XSS}",
        interactions=build_multigraph(events, actors),
    )
    (root / "view.html").write_text(page, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    _site(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=tmp_path))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_page_draws_under_csp_and_tooltips_are_text(site: str) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("needs Chromium at /usr/bin/chromium (make system-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
            page.on(
                "response",
                lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
            )
            page.goto(f"{site}/view.html")
            page.wait_for_selector("#graph[data-state=ready]", timeout=20_000)
            assert page.locator("#graph canvas").count() == 1
            assert page.evaluate("window.graphsvcNetwork.body.data.nodes.length") == 3
            # Hover the Russia node: its tooltip shows the label's markup as text.
            x, y = page.evaluate(
                """() => { const n = window.graphsvcNetwork;
                   const p = n.canvasToDOM(n.getPositions(['RUS']).RUS);
                   const r = document.querySelector('#graph canvas').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }"""
            )
            page.mouse.move(x, y)
            tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
            assert tooltip is not None
            assert XSS in tooltip.inner_text()
            assert tooltip.query_selector("img, script") is None
            assert page.evaluate("window.__xss") is None
            assert page.title() == f"View {XSS}"
        finally:
            browser.close()
    assert problems == []
