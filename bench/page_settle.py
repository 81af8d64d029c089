"""How long the graph page takes to settle in headless Chromium at 50 / 150 / 400 actors.

    .venv/bin/python bench/page_settle.py                  # 50, 150 and 400 actors, 3 runs each
    .venv/bin/python bench/page_settle.py --actors 400 --runs 5

For each size a synthetic SQLite store is written (N actors in eight loose regions, power-law
activity, 20 events per actor over three years), served by uvicorn in a background thread
with the page cap at N (so every actor is drawn), and /view is opened in a fresh Chromium
page. "Settled" is the moment view.js sets ``data-state="ready"`` on the graph container
(vis-network's stabilisation done, physics switched off), read from the page's own clock:

- **server**: request start to response end of the HTML (navigation timing);
- **scripts**: response end to view.js starting to draw (HTML parse, vis-network's and
  view.js's download and compilation, styles);
- **draw**: view.js's ``graph-draw`` mark to its ``graph-ready`` mark (JSON parse, the vis
  DataSets and network, stabilisation, first paint);
- **settle**: navigation start to ready (what a user waits).

*drawn* counts the actors in the page's data, *shown* the nodes visible once the less
central ones are grouped into community nodes (those included), *dyads* the drawn dyads.

The first load of a store builds the page's data (cold); then the median of ``--runs``
first visits (a new browser context each: nothing cached) is reported as server, scripts,
draw and settle, and the median settle of ``--runs`` revisits in one context (vis-network
from the browser's caches). Chromium is /usr/bin/chromium, as in tests/test_browser.py.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's graphsvc

from graphsvc.models import Actor, Article, Event, content_hash
from graphsvc.settings import Settings, database_url
from graphsvc.store.store import Store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run"]  # fmt: skip
EVENTS_PER_ACTOR = 20
EVENTS_PER_ARTICLE = 5
REGIONS = 8
SAME_REGION = 0.7  # share of partners picked within the actor's region
CODES = (("040", "04", 1, 1.0), ("057", "05", 2, 8.0), ("111", "11", 3, -2.0),
         ("190", "19", 4, -10.0), ("036", "03", 1, 4.0))  # fmt: skip
READY = "document.getElementById('graph')?.dataset.state"
TIMES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const data = window.graphsvcNetwork.body.data;
  const mark = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
  const ready = mark('graph-ready') || performance.now();  // pages without the marks: polled
  const start = mark('graph-draw') || nav.domContentLoadedEventStart;
  return {server: nav.responseEnd - nav.requestStart, scripts: start - nav.responseEnd,
          draw: ready - start, settle: ready,
          nodes: data.nodes.get({filter: n => !n.collapsed}).length,
          shown: data.nodes.get({filter: n => !n.hidden}).length,
          edges: data.edges.get({filter: e => !e.collapsed}).length};
}"""


def synthetic(n: int, seed: int = 1) -> tuple[list[Actor], Iterator[tuple[Article, list[Event]]]]:
    """N actors (codes A000…) and their articles, deterministic for ``seed``."""
    rng = random.Random(seed)
    actors = [Actor(f"A{i:03d}", f"Actor {i}") for i in range(n)]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n)]
    by_region = [[i for i in range(n) if i % REGIONS == r] for r in range(REGIONS)]
    start = date(2022, 1, 1)

    def partner(i: int) -> int:
        pool = by_region[i % REGIONS] if rng.random() < SAME_REGION else range(n)
        choices = [j for j in pool if j != i]
        return rng.choices(choices, weights=[weights[j] for j in choices])[0]

    def articles() -> Iterator[tuple[Article, list[Event]]]:
        total = n * EVENTS_PER_ACTOR
        for k in range(total // EVENTS_PER_ARTICLE):
            day = start + timedelta(days=rng.randrange(3 * 365))
            text = f"Synthetic article {k}."
            events = []
            for _ in range(EVENTS_PER_ARTICLE):
                s = rng.choices(range(n), weights=weights)[0]
                t = partner(s)
                code, root, quad, goldstein = rng.choice(CODES)
                events.append(
                    Event(source=actors[s].code, target=actors[t].code, code=code, root=root,
                          quad_class=quad, goldstein=goldstein, label=f"code {code}", date=day,
                          date_precision="published", sentence=text, article_id=f"a{k}")
                )  # fmt: skip
            article = Article(
                f"a{k}", text, f"Article {k}", published=day, content_hash=content_hash(text)
            )
            yield article, events

    return actors, articles()


def make_store(db: str, n: int) -> None:
    store = Store(database_url(db))
    try:
        actors, items = synthetic(n)
        store.upsert_actors(actors)
        batch: list[tuple[Article, list[Event]]] = []
        for item in items:
            batch.append(item)
            if len(batch) == 500:
                store.add_articles(batch)
                batch = []
        if batch:
            store.add_articles(batch)
    finally:
        store.close()


@dataclass
class Served:
    url: str
    stop: Any


def serve(db: str, cap: int) -> Served:
    import socket

    import uvicorn

    from graphsvc.api.app import create_app
    from graphsvc.service import GraphService

    settings = Settings(db=db, page_node_cap=cap)
    service = GraphService(settings)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, service), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        service.close()

    return Served(f"http://127.0.0.1:{port}", stop)


def load(context: Any, url: str) -> dict[str, float]:
    """One new page of ``context`` until ready; its timings in ms."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="domcontentloaded")
        deadline = time.monotonic() + 120
        while (state := page.evaluate(READY)) != "ready":
            if state in ("error", "empty") or time.monotonic() > deadline:
                raise RuntimeError(f"the graph was not drawn: {state!r}")
            time.sleep(0.02)
        return page.evaluate(TIMES)
    finally:
        page.close()


def fresh(browser: Any, url: str) -> dict[str, float]:
    """A first visit: a new browser context, so nothing is cached."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        return load(context, url)
    finally:
        context.close()


def revisits(browser: Any, url: str, runs: int) -> list[dict[str, float]]:
    """Visits after a first one in the same context: scripts from the browser's caches."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        load(context, url)
        return [load(context, url) for _ in range(runs)]
    finally:
        context.close()


def _median(loads: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(load[k] for load in loads) for k in loads[0]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--actors", type=int, nargs="+", default=[50, 150, 400])
    p.add_argument("--runs", type=int, default=3, help="warm loads per size (median shown)")
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.actors:
            db = str(Path(tmp) / f"settle-{n}.db")
            make_store(db, n)
            served = serve(db, cap=n)
            try:
                url = f"{served.url}/view"
                cold = fresh(browser, url)
                warm = [fresh(browser, url) for _ in range(args.runs)]
                again = revisits(browser, url, args.runs)
            finally:
                served.stop()
            rows.append((n, cold, _median(warm), _median(again)))
        browser.close()
    print("| actors | drawn | shown | dyads | cold server ms | cold settle ms | server ms "
          "| scripts ms | draw ms | settle ms | revisit settle ms |")  # fmt: skip
    print("| ---: " * 11 + "|")
    for n, cold, w, again in rows:
        cells = [n, w["nodes"], w["shown"], w["edges"], cold["server"], cold["settle"]]
        cells += [w["server"], w["scripts"], w["draw"], w["settle"], again["settle"]]
        print("| " + " | ".join(f"{c:.0f}" for c in cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
