"""Headless Chromium against a live server: the graph is drawn, nothing leaves the host, and
article text carrying script payloads never runs (pages and tooltips).

The server is uvicorn in a background thread on a free port, over a temporary SQLite file
holding the demo corpus (or a few stories when the demo file is absent) plus one XSS story.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from live_app import serving_app

from graphsvc.models import ArticleInput
from graphsvc.settings import Settings

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
XSS_STORY = ArticleInput(
    id="xss-story",
    title=f"Talks {SCRIPT} {IMG}",
    text=f"Russia and Turkey held talks {SCRIPT} in Ankara {IMG} on Wednesday.",
    source=f"wire {IMG}",
    published=date(2021, 1, 13),
)
FALLBACK_STORIES = [
    ArticleInput(
        text="Russia and Turkey held talks in Ankara on Wednesday.",
        title="Talks",
        published=date(2021, 1, 13),
    ),
    ArticleInput(
        text="Armenia and Azerbaijan signed an agreement in Moscow on Monday.",
        title="Deal",
        published=date(2021, 1, 11),
    ),
    ArticleInput(
        text="France and Germany agreed to cooperate on energy.",
        title="Energy",
        published=date(2021, 2, 1),
    ),
]


def _extractor() -> object:
    path = Path(__file__).resolve().parent / "api" / "api_support.py"
    spec = importlib.util.spec_from_file_location("api_support", path)
    assert spec is not None and spec.loader is not None
    module = sys.modules.get("api_support") or importlib.util.module_from_spec(spec)
    if "api_support" not in sys.modules:
        sys.modules["api_support"] = module
        spec.loader.exec_module(module)
    return module.session_extractor()


def _hostile_feed(service: Any) -> None:
    """A followed feed whose title, URL and last error carry markup, as a feed could."""
    from graphsvc.feed_records import PollOutcome
    from graphsvc.store import FeedStore
    from graphsvc.store.feeds import utcnow

    feeds = FeedStore(service.store)
    feed = feeds.add("https://feeds.invalid/rss.xml?x=<script>", interval_s=900,
                     title=f"Wire {SCRIPT} {IMG}")  # fmt: skip
    now = utcnow()
    feeds.record_poll(feed.id, PollOutcome("error", now, now, error=f"bad {IMG}", failed=True))


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from graphsvc.api.app import create_app
    from graphsvc.service import GraphService

    # No feed polling: the feed below is only there to be listed (its host does not exist).
    settings = Settings(
        db=str(tmp_path_factory.mktemp("browser") / "graphsvc.db"), follow_feeds=False
    )
    service = GraphService(settings, extractor=_extractor())
    _hostile_feed(service)
    if service.load_demo_if_empty() == 0:
        for story in FALLBACK_STORIES:
            service.ingest(story)
    assert service.ingest(XSS_STORY).events, "the XSS story must reach the graph as an event"

    with serving_app(create_app(settings, service)) as url:
        yield url
    service.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """What a page did: every request URL, console errors, uncaught errors, dialogs."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self, base_url: str) -> None:
        assert self.dialogs == [], f"a dialog fired: {self.dialogs}"
        assert self.errors == [], self.errors
        outside = [u for u in self.requests if not u.startswith(base_url + "/")]
        assert outside == [], f"requests left the host: {outside}"


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = Watched(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda msg: seen.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield seen
    context.close()


def _wait_for_graph(page: Any, timeout: float = 60.0) -> None:
    """Poll from outside: wait_for_function evaluates strings in the page, which our CSP
    (rightly) forbids, and bypassing the CSP would hide real violations."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate("document.getElementById('graph')?.dataset.state")
        if state == "ready":
            return
        if state in ("error", "empty"):
            break
        time.sleep(0.1)
    raise AssertionError(f"graph not drawn: state={state!r}")


PAINTED_PIXELS = """
() => {
  const canvas = document.querySelector('#graph canvas');
  const ctx = canvas.getContext('2d');
  const {data} = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
  return {width: canvas.width, height: canvas.height, painted};
}
"""


def test_view_draws_the_graph_offline(base_url: str, watched: Watched, tmp_path: Path) -> None:
    page = watched.page
    page.goto(f"{base_url}/view", wait_until="load")
    _wait_for_graph(page)
    # "ready" is set when the network is built; it paints on a later animation frame
    deadline = time.monotonic() + 10
    canvas = page.evaluate(PAINTED_PIXELS)
    while canvas["painted"] <= 500 and time.monotonic() < deadline:
        time.sleep(0.1)
        canvas = page.evaluate(PAINTED_PIXELS)
    assert canvas["width"] > 0 and canvas["height"] > 0
    assert canvas["painted"] > 500, canvas  # nodes and edges actually drawn
    drawn = page.evaluate("window.graphsvcNetwork.body.data.nodes.length")
    assert drawn >= 4
    page.screenshot(path=str(tmp_path / "view.png"), full_page=True)
    assert (tmp_path / "view.png").stat().st_size > 10_000
    watched.assert_clean(base_url)


def test_filter_form_reloads_the_view(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{base_url}/view", wait_until="load")
    _wait_for_graph(page)
    page.fill("input[name=actor]", "RUS")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/view?*actor=RUS*")
    _wait_for_graph(page)
    ids = page.evaluate("window.graphsvcNetwork.body.data.nodes.getIds()")
    assert "RUS" in ids
    edges = page.evaluate("window.graphsvcNetwork.body.data.edges.get().map(e => [e.from, e.to])")
    assert edges and all("RUS" in pair for pair in edges)
    watched.assert_clean(base_url)


def test_searching_a_name_finds_the_actor(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{base_url}/", wait_until="load")
    page.fill("form.gs-nav-search input[name=q]", "Putin")
    page.click("form.gs-nav-search button[type=submit]")
    page.wait_for_url("**/view/actors/RUS")
    _wait_for_graph(page)
    assert "RUS" in page.evaluate("window.graphsvcNetwork.body.data.nodes.getIds()")
    # the graph page's actor box takes the name too; a misspelt one says what it could be
    page.fill("input[name=actor]", "Erdogan")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**actor=Erdogan*")
    _wait_for_graph(page)
    assert "TUR" in page.evaluate("window.graphsvcNetwork.body.data.nodes.getIds()")
    page.fill("input[name=actor]", "Erdgan")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**actor=Erdgan*")
    assert "did you mean Erdoğan (TUR)?" in page.inner_text("[role=alert]")
    assert page.input_value("input[name=actor]") == "Erdgan"
    watched.errors = [e for e in watched.errors if "422" not in e]  # the page's own status
    watched.assert_clean(base_url)


EDGE_POINTS = """
() => {
  const net = window.graphsvcNetwork;
  const box = document.querySelector('#graph canvas').getBoundingClientRect();
  return net.body.data.edges.getIds().map(id => {
    const edge = net.body.edges[id];
    const point = edge.edgeType.getPoint(0.5);
    const dom = net.canvasToDOM(point);
    return {id, from: edge.fromId, to: edge.toId, x: box.left + dom.x, y: box.top + dom.y};
  });
}
"""
TOOLTIP = """
() => {
  const tip = document.querySelector('div.vis-tooltip');
  if (!tip || getComputedStyle(tip).visibility === 'hidden') return null;
  // innerText turns line breaks into <br>; anything else would be markup from the data
  return {text: tip.innerText, elements: tip.querySelectorAll(':not(br)').length};
}
"""


def test_xss_payloads_stay_text_in_tooltips(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{base_url}/view?actor=RUS", wait_until="load")
    _wait_for_graph(page)
    points = [p for p in page.evaluate(EDGE_POINTS) if {p["from"], p["to"]} == {"RUS", "TUR"}]
    assert points, "no RUS–TUR edge drawn"
    texts = []
    for point in points:
        page.mouse.move(5, 5)
        page.mouse.move(point["x"], point["y"])
        page.wait_for_timeout(400)
        tip = page.evaluate(TOOLTIP)
        if tip:
            assert tip["elements"] == 0, "the tooltip holds HTML elements"
            texts.append(tip["text"])
    assert any(SCRIPT in t and IMG in t for t in texts), texts  # shown as characters
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    watched.assert_clean(base_url)


@pytest.mark.parametrize(
    "path",
    ["/", "/view", "/view/actors/RUS", "/pages/articles/xss-story", "/pages/articles",
     "/pages/articles?q=alert", "/docs", "/pages/feeds"],
)  # fmt: skip
def test_xss_payloads_never_run_on_pages(base_url: str, watched: Watched, path: str) -> None:
    page = watched.page
    response = page.goto(f"{base_url}{path}", wait_until="load")
    assert response is not None and response.status == 200
    if path.startswith("/view"):
        _wait_for_graph(page)
    injected = page.evaluate(
        """() => ({
          images: document.querySelectorAll('img[src="x"]').length,
          scripts: [...document.scripts].filter(s => s.textContent.includes('alert(1)')
                                                    && s.type !== 'application/json').length,
        })"""
    )
    assert injected == {"images": 0, "scripts": 0}
    if path in ("/", "/pages/articles/xss-story", "/pages/feeds"):
        assert SCRIPT in page.inner_text("body")  # visible as text
    watched.assert_clean(base_url)


LABEL_PIXELS = """
() => {
  const net = window.graphsvcNetwork;
  const sizes = net.body.nodeIndices.map(id => net.body.nodes[id].options.font.size);
  return {scale: net.getScale(), smallest: Math.min(...sizes)};
}
"""


def test_node_labels_are_legible_when_the_graph_is_fitted(base_url: str, watched: Watched) -> None:
    """The fitted demo graph drew its names about 5 px high: a layout too spread out for
    the label size. Names must stay readable (at least 9 px) without zooming."""
    page = watched.page
    page.goto(f"{base_url}/view", wait_until="load")
    _wait_for_graph(page)
    drawn = page.evaluate(LABEL_PIXELS)
    assert drawn["scale"] * drawn["smallest"] >= 9, drawn
    watched.assert_clean(base_url)


PROBE_TEXT = "Norway and Sweden held talks in a cross-site probe."
EVIL_PAGE = """<!doctype html><html><body>
<form id="f" method="post" action="{target}/articles/form">
  <input name="text" value="{text}"><input name="title" value="cross-site form">
</form>
<script>
fetch("{target}/articles", {{method: "POST", mode: "no-cors",
       headers: {{"Content-Type": "text/plain"}}, body: "{text}"}})
  .finally(function () {{ document.getElementById("f").submit(); }});
</script></body></html>
"""


def _article_count(base_url: str) -> int:
    import httpx

    return int(httpx.get(f"{base_url}/articles", params={"limit": 1}, timeout=30).json()["count"])


def test_a_page_on_another_site_cannot_post(base_url: str, browser: Any, tmp_path: Path) -> None:
    """A real browser on http://localhost:PORT (another site than 127.0.0.1) submits a form
    and a no-cors fetch to the server: both are answered 403 and nothing is stored."""
    import http.server

    (tmp_path / "evil.html").write_text(EVIL_PAGE.format(target=base_url, text=PROBE_TEXT))

    def handler(*args: Any) -> http.server.SimpleHTTPRequestHandler:
        return http.server.SimpleHTTPRequestHandler(*args, directory=str(tmp_path))

    stored = _article_count(base_url)
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    answers: dict[str, int] = {}
    page.on("response", lambda r: answers.__setitem__(f"{r.request.method} {r.url}", r.status))
    try:
        page.goto(f"http://localhost:{evil.server_address[1]}/evil.html")
        page.wait_for_url(f"{base_url}/articles/form", timeout=20_000)
        page.wait_for_load_state()
        assert "403" in page.inner_text("h1")
    finally:
        context.close()
        evil.shutdown()
        evil.server_close()
    assert answers[f"POST {base_url}/articles"] == 403
    assert answers[f"POST {base_url}/articles/form"] == 403
    assert _article_count(base_url) == stored


@pytest.mark.parametrize(
    "path", ["/", "/pages/articles", "/pages/articles?q=talks", "/pages/feeds"]
)
def test_pages_fit_a_phone_without_horizontal_scroll(
    base_url: str, watched: Watched, path: str
) -> None:
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto(f"{base_url}{path}", wait_until="load")
    assert response is not None and response.status == 200
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, view: window.innerWidth})"
    )
    assert widths["page"] <= widths["view"], widths


# -- the graph page's workbench: click-through, time control, layout at phone width ------------

CLICKABLE_EDGES = """
() => {
  const net = window.graphsvcNetwork;
  const box = document.querySelector('#graph canvas').getBoundingClientRect();
  const out = [];
  for (const id of net.body.data.edges.getIds()) {
    const edge = net.body.edges[id];
    const point = edge.edgeType.getPoint(0.5);
    const dom = net.canvasToDOM(point);
    // only a midpoint where the click reaches this edge and no node
    if (net.getNodeAt(dom) === undefined && net.getEdgeAt(dom) === id) {
      out.push({id, from: edge.fromId, to: edge.toId, x: box.left + dom.x, y: box.top + dom.y});
    }
  }
  return out;
}
"""
NODE_POINTS = """
() => {
  const net = window.graphsvcNetwork;
  const box = document.querySelector('#graph canvas').getBoundingClientRect();
  const positions = net.getPositions();
  return Object.keys(positions).map(id => {
    const dom = net.canvasToDOM(positions[id]);
    return {id, x: box.left + dom.x, y: box.top + dom.y, hit: net.getNodeAt(dom) === id};
  });
}
"""


def _drawn_edges(page: Any) -> int:
    return int(page.evaluate("window.graphsvcNetwork.body.data.edges.length"))


def test_clicking_an_edge_opens_its_dyad_page_and_from_there_the_article(
    base_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{base_url}/view?quad_class=1&quad_class=2", wait_until="load")
    _wait_for_graph(page)
    points = page.evaluate(CLICKABLE_EDGES)
    assert points, "no edge midpoint free to click"
    edge = points[0]
    page.mouse.click(edge["x"], edge["y"])
    page.wait_for_url(f"**/view/relations/{edge['from']}/{edge['to']}?*", timeout=10_000)
    assert page.url.endswith("?quad_class=1&quad_class=2"), page.url
    # the real dyad page: its chart, and events of the clicked pair under the same filters
    assert page.locator("svg.gs-chart").is_visible()
    rows = page.locator("table.gs-evtable tbody tr")
    assert rows.count() >= 1
    with page.expect_navigation():
        rows.first.locator("a[href^='/pages/articles/']").click()
    assert "/pages/articles/" in page.url and page.locator("h1").is_visible()
    watched.assert_clean(base_url)


def test_clicking_a_node_opens_its_actor_page(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{base_url}/view", wait_until="load")
    _wait_for_graph(page)
    node = _settled_hit(page, NODE_POINTS)
    page.mouse.click(node["x"], node["y"])
    page.wait_for_url(f"**/view/actors/{node['id']}", timeout=10_000)
    _wait_for_graph(page)
    assert node["id"] in page.evaluate("window.graphsvcNetwork.body.data.nodes.getIds()")
    watched.assert_clean(base_url)


def test_the_range_control_refilters_in_place(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{base_url}/view", wait_until="load")
    _wait_for_graph(page)
    before = _drawn_edges(page)
    months = page.evaluate("JSON.parse(document.getElementById('graph-data').textContent).months")
    kept = page.evaluate("window.graphsvcNetwork.getPositions()")
    # the last month only: From to the end
    page.focus("#range-from")
    page.keyboard.press("End")
    _wait_for_graph(page)
    last = months[-1]
    assert f"date_from={last}-01" in page.url and "date_to=" in page.url
    assert page.input_value("input[name=date_from]") == f"{last}-01"
    expected = httpx_json(
        f"{base_url}/view/data?date_from={last}-01&date_to={page.input_value('input[name=date_to]')}"
    )
    after = _drawn_edges(page)
    assert after == len(expected["edges"]) and after < before
    # nodes still drawn kept their place (the layout is not redone)
    moved = page.evaluate("window.graphsvcNetwork.getPositions()")
    for code in set(moved) & set(kept):
        assert moved[code] == pytest.approx(kept[code], abs=0.5), code
    # back to every month: the whole graph again, and the URL without dates
    page.focus("#range-from")
    page.keyboard.press("Home")
    _wait_for_graph(page)
    assert _drawn_edges(page) == before and "date_from" not in page.url
    watched.assert_clean(base_url)


def test_play_steps_the_window_month_by_month(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{base_url}/view", wait_until="load")
    _wait_for_graph(page)
    page.focus("#range-to")
    page.keyboard.press("Home")  # the first month only
    _wait_for_graph(page)
    page.click("#play")
    deadline = time.monotonic() + 20
    while page.input_value("#range-to") in ("0", "1") and time.monotonic() < deadline:
        time.sleep(0.1)
    page.click("#play")  # pause
    values = (int(page.input_value("#range-from")), int(page.input_value("#range-to")))
    assert values[1] >= 2 and values[1] - values[0] == 0, values  # a one-month window slid
    _wait_for_graph(page)
    watched.assert_clean(base_url)


def httpx_json(url: str) -> Any:
    import httpx

    return httpx.get(url, timeout=30).json()


@pytest.mark.parametrize(
    "path", ["/view", "/view/actors/RUS", "/", "/docs", "/pages/articles/xss-story"]
)
def test_pages_fit_a_phone_width(base_url: str, browser: Any, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{base_url}{path}", wait_until="load")
        if path.startswith("/view"):
            _wait_for_graph(page)
            box = page.locator("#graph").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] == 390, widths
        assert page.locator("header.gs-nav").count() == 1  # the one nav
    finally:
        context.close()


def test_legend_and_ranking_are_visible_at_1400x900(base_url: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/view", wait_until="load")
        _wait_for_graph(page)
        legend = page.locator("section.legend").bounding_box()
        assert legend is not None and legend["y"] + legend["height"] <= 900, legend
        assert page.locator("#communities li").count() >= 2
        ranked = page.locator("#top-actors li a")
        assert ranked.count() == 10 and ranked.first.get_attribute("href", timeout=1000)
        # choosing another measure resizes the nodes and reorders the list in place
        sizes = page.evaluate("window.graphsvcNetwork.body.data.nodes.map(n => n.size)")
        page.select_option("#measure", "betweenness")
        assert "size=betweenness" in page.url
        assert page.evaluate("window.graphsvcNetwork.body.data.nodes.map(n => n.size)") != sizes
    finally:
        context.close()


@pytest.fixture(scope="module")
def big_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A synthetic store of 150 actors (bench/page_settle.py's), every one drawn."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import page_settle

    db = str(tmp_path_factory.mktemp("big") / "big.db")
    page_settle.make_store(db, 150)
    served = page_settle.serve(db, cap=150)
    yield served.url
    served.stop()


COMMUNITY_NODES = """
() => {
  const net = window.graphsvcNetwork;
  const box = document.querySelector('#graph canvas').getBoundingClientRect();
  const ids = net.body.data.nodes.getIds({filter: n => n.collapsed});
  return ids.map(id => {
    const dom = net.canvasToDOM(net.getPositions([id])[id]);
    return {id, x: box.left + dom.x, y: box.top + dom.y, hit: net.getNodeAt(dom) === id};
  });
}
"""
VISIBLE_ACTORS = (
    "window.graphsvcNetwork.body.data.nodes.get({filter: n => !n.collapsed && !n.hidden}).length"
)


def _settled_hit(page: Any, points_script: str, timeout: float = 30.0) -> dict:
    """A node (from ``points_script``: id, x, y, hit) that the pointer hits at its centre,
    read once the layout has stopped moving: "ready" means drawn, and on a loaded machine
    vis-network may still be settling, so a position read too early can be stale by the time
    of the click."""
    deadline = time.monotonic() + timeout
    previous: dict[str, tuple[float, float]] = {}
    points: list[dict] = []
    while time.monotonic() < deadline:
        points = page.evaluate(points_script)
        now = {p["id"]: (p["x"], p["y"]) for p in points}
        still = previous.keys() == now.keys() and all(
            abs(now[i][0] - previous[i][0]) < 0.5 and abs(now[i][1] - previous[i][1]) < 0.5
            for i in now
        )
        hit = [p for p in points if p["hit"]]
        if still and hit:
            return hit[0]
        previous = now
        time.sleep(0.25)
    raise AssertionError(f"no node settled under the pointer: {points}")


def test_a_big_graph_collapses_less_central_actors_into_community_nodes(
    big_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{big_url}/view", wait_until="load")
    _wait_for_graph(page)
    shown = page.evaluate(VISIBLE_ACTORS)
    assert shown == 60  # the 60 most important actors alone
    groups = page.evaluate(COMMUNITY_NODES)
    assert groups and page.locator("#graph").get_attribute("data-nodes") == "150"
    # the labelled actors are the 30 most important ones only
    labelled = page.evaluate(
        "window.graphsvcNetwork.body.data.nodes.get({filter: n => !n.collapsed && n.label}).length"
    )
    assert labelled == 30
    target = _settled_hit(page, COMMUNITY_NODES)
    page.mouse.click(target["x"], target["y"])  # opens it, stays on the page
    deadline = time.monotonic() + 5
    while page.evaluate(VISIBLE_ACTORS) <= shown:
        assert time.monotonic() < deadline, "the community node did not open"
        time.sleep(0.1)
    assert target["id"] not in page.evaluate("window.graphsvcNetwork.body.data.nodes.getIds()")
    assert page.url == f"{big_url}/view"
    # refiltering (all but the first month, still over 120 actors) groups them again
    page.focus("#range-from")
    page.keyboard.press("ArrowRight")
    _wait_for_graph(page)
    assert "date_from=2022-02-01" in page.url
    assert int(page.locator("#graph").get_attribute("data-nodes") or 0) > 120
    assert page.evaluate(VISIBLE_ACTORS) == 60
    watched.assert_clean(big_url)


def test_the_range_control_on_an_actor_page_keeps_its_neighbourhood(
    base_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{base_url}/view/actors/RUS", wait_until="load")
    _wait_for_graph(page)
    before = set(page.evaluate("window.graphsvcNetwork.body.data.nodes.getIds()"))
    page.focus("#range-to")
    page.keyboard.press("ArrowLeft")  # drop the last month
    _wait_for_graph(page)
    assert "/view/actors/RUS?" in page.url and "date_to=" in page.url
    after = set(page.evaluate("window.graphsvcNetwork.body.data.nodes.getIds()"))
    assert after <= before and "RUS" in after  # still RUS's partners, never the whole graph
    watched.assert_clean(base_url)
