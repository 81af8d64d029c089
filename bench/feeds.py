"""Followed feeds: what one polling round costs, new entries against unchanged feeds.

    .venv/bin/python bench/feeds.py [--feeds 20] [--entries 10] [--fake-extractor]

A local HTTP server (127.0.0.1, in this process) serves ``--feeds`` RSS feeds of
``--entries`` items each, every item linking to its own article page (short wire stories,
each with a unique line). A fresh SQLite store; the scheduler of ``graphsvc follow --once``
with no politeness delay (it is a wait, not work). Three rounds, every feed due each time:

1. all entries new: each page fetched, extracted (trafilatura), coded (spaCy, or the tiny
   fake coder of the tests with --fake-extractor) and stored;
2. the server answers 304 to the conditional GET: nothing read;
3. the feed answered 200 without validators (ETags dropped): parsed, every entry already
   seen, nothing fetched.

Printed: seconds per round, per feed and per new article, and the share of round 1 spent
in ingestion (rules, extraction, storing) against fetching and parsing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "api")]

PAIRS = [
    ("France", "Germany", "held talks with"),
    ("Turkey", "Greece", "criticised"),
    ("Japan", "South Korea", "signed an agreement with"),
    ("Russia", "Ukraine", "accused"),
    ("Egypt", "Israel", "hosted talks with"),
]


def story(feed: int, item: int) -> tuple[str, str]:
    a, b, verb = PAIRS[(feed + item) % len(PAIRS)]
    title = f"{a} and {b}: report {feed}-{item}"
    text = (
        f"{a} {verb} {b} on Tuesday, officials in both capitals said.\n\n"
        f"The ministers spoke for an hour about trade and security, item {feed}-{item}.\n\n"
        "Further meetings are planned for next month."
    )
    return title, text


class Site:
    def __init__(self, feeds: int, entries: int) -> None:
        self.feeds, self.entries = feeds, entries
        self.validators = True
        self.requests = 0
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def feed(self, f: int) -> bytes:
        items = "".join(
            f"<item><title>{story(f, i)[0]}</title><link>{self.base}/p/{f}/{i}</link>"
            f"<guid isPermaLink='false'>b-{f}-{i}</guid>"
            "<pubDate>Tue, 02 Mar 2021 09:30:00 GMT</pubDate></item>"
            for i in range(self.entries)
        )
        return (
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench {f}</title>"
            f"<link>{self.base}/</link><description>x</description>{items}</channel></rss>"
        ).encode()

    def page(self, f: int, i: int) -> bytes:
        title, text = story(f, i)
        paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        return (
            f"<!doctype html><html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paras}</article>"
            "<footer>Bench wire</footer></body></html>"
        ).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests += 1
                parts = self.path.strip("/").split("/")
                etag = f'"{self.path}"'
                if parts[0] == "f":
                    if site.validators and self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.end_headers()
                        return
                    body, kind = site.feed(int(parts[1])), "application/rss+xml"
                else:
                    body, kind = site.page(int(parts[1]), int(parts[2])), "text/html"
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if site.validators:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


def timed(fn: Callable[..., Any], clock: list[float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            clock[0] += time.perf_counter() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--fake-extractor", action="store_true")
    args = parser.parse_args()

    from graphsvc.feeds.wiring import make_scheduler
    from graphsvc.service import GraphService
    from graphsvc.settings import Settings
    from graphsvc.store import FeedStore

    site = Site(args.feeds, args.entries)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            db=str(Path(tmp) / "bench.db"), fetch_allow_private=True, feed_host_delay=0
        )
        extractor = None
        if args.fake_extractor:
            from api_support import FakeExtractor

            extractor = FakeExtractor()
        service = GraphService(settings, extractor=extractor)
        service.extractor  # load spaCy before timing  # noqa: B018
        feeds = FeedStore(service.store)
        for f in range(args.feeds):
            feeds.add(f"{site.base}/f/{f}", interval_s=3600)
        scheduler = make_scheduler(service, settings)
        ingest_clock = [0.0]
        scheduler.poller.ingest = timed(scheduler.poller.ingest, ingest_clock)

        def round_(label: str) -> None:
            for feed in feeds.list():
                feeds.make_due(feed.id)
            before, ingest_before = site.requests, ingest_clock[0]
            start = time.perf_counter()
            summary = scheduler.run_once()
            took = time.perf_counter() - start
            ingest = ingest_clock[0] - ingest_before
            line = (
                f"{label:<28} {took:7.2f} s  {1000 * took / summary.polled:7.1f} ms/feed  "
                f"{summary.articles_added:5} articles  {site.requests - before:5} requests"
            )
            if summary.articles_added:
                line += (
                    f"  {1000 * took / summary.articles_added:6.1f} ms/article, "
                    f"ingestion {100 * ingest / took:.0f}%"
                )
            print(line, flush=True)

        coder = "fake coder" if args.fake_extractor else settings.spacy_model
        print(f"{args.feeds} feeds x {args.entries} entries, SQLite, {coder}")
        round_("1. all entries new")
        round_("2. 304 on every feed")
        site.validators = False
        round_("3. 200, all entries seen")
        print(f"articles stored: {service.store.count_articles()}")
        service.close()
    site.server.shutdown()


if __name__ == "__main__":
    main()
