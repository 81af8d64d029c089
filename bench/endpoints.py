"""Endpoint benchmark: cold and warm latency, memory and export throughput of `graphsvc serve`.

    .venv/bin/python bench/endpoints.py /work/bench-data/sqlite-100k.db \\
        postgresql://postgres@127.0.0.1:5432/bench_1m --json results.json
    .venv/bin/python bench/endpoints.py --report sqlite.json postgres.json   # tables only

For every store (SQLite path or database URL) and every endpoint, a fresh server process is
started (`graphsvc serve --db … --port …`, ready when /healthz answers): the first request
is the **cold** time (empty in-process caches; the OS file cache and PostgreSQL's buffers are
not dropped), then the same request is repeated for the **warm** p50/p95. Bodies are
streamed and counted, never held. Server memory comes from /proc/PID/status: VmRSS after
the endpoint's requests and VmHWM, the process's peak. A last pass runs every endpoint
twice in one server and reports its memory at the end ("all of the above").
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from endpoint_report import Measurement, endpoint_table, export_table, size_label
from server_process import Server

from graphsvc.models import EventFilter
from graphsvc.settings import database_url
from graphsvc.store.store import Store

PRIMER = "date_from=1900-01-01&date_to=1900-01-01"
AGGREGATE = "aggregate"
EXPORT = "export"


@dataclass(frozen=True, slots=True)
class StoreFacts:
    db: str
    backend: str
    events: int
    top: tuple[str, str]  # the two busiest actors
    year: int  # the last full year with events


@dataclass(frozen=True, slots=True)
class Spec:
    name: str
    path: str
    kind: str
    filter: EventFilter  # the filter the query selects (to count exported events)


class RequestTimeout(Exception):
    pass


def store_facts(db: str) -> StoreFacts:
    store = Store(database_url(db))
    try:
        events = store.count_events(EventFilter(include_negated=True))
        counts = sorted(store.actor_counts(EventFilter()), key=lambda r: -r[1])
        if len(counts) < 2 or not events:
            raise SystemExit(f"error: {db} holds too few events to benchmark")
        latest = store.latest_events(EventFilter(), limit=1)
        last = latest[0].date if latest and latest[0].date else date.today()
        return StoreFacts(db, store.dialect, events, (counts[0][0], counts[1][0]), last.year - 1)
    finally:
        store.close()


def plan(facts: StoreFacts, *, filtered: bool = True) -> list[Spec]:
    """The endpoints of issue 7, then a few filtered variants (one year, one actor)."""
    top, second = facts.top
    everything = EventFilter()
    specs = [
        Spec("/graph", "/graph", AGGREGATE, everything),
        Spec("/actors", "/actors", AGGREGATE, everything),
        Spec("/actors/{top}", f"/actors/{top}", AGGREGATE, everything),
        Spec("/relations?a={top}&b={2nd}", f"/relations?a={top}&b={second}", AGGREGATE, everything),
        Spec("/view", "/view", AGGREGATE, everything),
        Spec("/view/actors/{top}", f"/view/actors/{top}", AGGREGATE, everything),
        Spec("/graph.graphml", "/graph.graphml", EXPORT, everything),
        Spec("/graph.gexf", "/graph.gexf", EXPORT, everything),
        Spec("/graph.json", "/graph.json", EXPORT, everything),
        Spec("/events.csv", "/events.csv", EXPORT, everything),
    ]
    if not filtered:
        return specs
    first, last = date(facts.year, 1, 1), date(facts.year, 12, 31)
    year = EventFilter(date_from=first, date_to=last)
    year_q = urlencode({"date_from": first.isoformat(), "date_to": last.isoformat()})
    one = EventFilter(actors=frozenset({top}))
    own = EventFilter(datasets=frozenset({"graphsvc"}))
    tier, between = EventFilter(min_confidence=0.7), EventFilter(min_confidence=0.72)
    return [
        *specs,
        Spec("/graph [1 year]", f"/graph?{year_q}", AGGREGATE, year),
        Spec("/graph [actor]", f"/graph?actor={top}", AGGREGATE, one),
        Spec("/actors [1 year]", f"/actors?{year_q}", AGGREGATE, year),
        Spec("/events.csv [1 year]", f"/events.csv?{year_q}", EXPORT, year),
        Spec("/graph.graphml [actor]", f"/graph.graphml?actor={top}", EXPORT, one),
        # Dataset and confidence filters: a dataset and a threshold on a tier boundary are
        # summed from the rollups, a threshold between tiers from the events.
        Spec("/graph [dataset]", "/graph?dataset=graphsvc", AGGREGATE, own),
        Spec("/graph [conf 0.7]", "/graph?min_confidence=0.7", AGGREGATE, tier),
        Spec("/graph [conf 0.72]", "/graph?min_confidence=0.72", AGGREGATE, between),
    ]


def fetch(client: httpx.Client, url: str, timeout: float) -> tuple[float, float, int]:
    """(seconds to the first body byte, seconds to the last, bytes); the body is discarded."""
    started = time.perf_counter()
    first: float | None = None
    size = 0
    try:
        with client.stream("GET", url, timeout=timeout) as response:
            for chunk in response.iter_raw():
                now = time.perf_counter() - started
                if first is None:
                    first = now
                size += len(chunk)
                if now > timeout:
                    raise RequestTimeout
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code} for {url}")
    except httpx.TimeoutException:
        raise RequestTimeout from None
    total = time.perf_counter() - started
    return (first if first is not None else total), total, size


def measure(facts: StoreFacts, spec: Spec, args: argparse.Namespace, log: IO[str]) -> Measurement:
    m = Measurement(spec.name, spec.path, spec.kind, facts.backend, facts.events)
    m.load = os.getloadavg()[0]
    server = Server(facts.db, log)
    server.start()
    try:
        with httpx.Client(base_url=server.base) as client:
            if not args.no_primer:
                # Same route, a filter that selects nothing: code paths, imports and
                # templates warm, the answer for the measured query still uncached.
                sep = "&" if "?" in spec.path else "?"
                with contextlib.suppress(RequestTimeout, RuntimeError):
                    m.primer_s = fetch(client, spec.path + sep + PRIMER, args.timeout)[1]
            try:
                m.first_byte_s, m.cold_s, m.bytes = fetch(client, spec.path, args.timeout)
            except RequestTimeout:
                m.note = f"> {args.timeout:g}"
            except RuntimeError as exc:
                m.note = str(exc)
            if m.cold_s is not None:
                repeats = args.export_repeats if spec.kind == EXPORT else args.repeats
                budget_end = time.perf_counter() + args.warm_budget
                for _ in range(repeats):
                    try:
                        m.warm_s.append(fetch(client, spec.path, args.timeout)[1])
                    except (RequestTimeout, RuntimeError):
                        break  # n in the table shows how many repeats completed
                    if time.perf_counter() > budget_end:
                        break
        m.rss_mb, m.peak_mb = server.memory_mb()
    finally:
        server.stop()
    return m


def all_in_one(
    facts: StoreFacts, specs: list[Spec], args: argparse.Namespace, log: IO[str]
) -> Measurement:
    """Every endpoint twice in one server; its memory at the end."""
    m = Measurement("all of the above, one server", "", "all", facts.backend, facts.events)
    m.load = os.getloadavg()[0]
    server = Server(facts.db, log)
    server.start()
    started = time.perf_counter()
    timed_out = 0
    try:
        with httpx.Client(base_url=server.base) as client:
            for spec in specs:
                for _ in range(2):
                    try:
                        fetch(client, spec.path, args.timeout)
                    except (RequestTimeout, RuntimeError):
                        timed_out += 1
                        break
        m.rss_mb, m.peak_mb = server.memory_mb()
    finally:
        server.stop()
    m.note = f"pass {time.perf_counter() - started:.0f} s" + (
        f", {timed_out} timed out" if timed_out else ""
    )
    return m


def run(args: argparse.Namespace) -> list[Measurement]:
    rows: list[Measurement] = []
    log_path = Path(tempfile.gettempdir()) / "graphsvc-bench-server.log"
    with log_path.open("a", encoding="utf-8") as log:
        for db in args.stores:
            facts = store_facts(db)
            print(
                f"# {db}: {facts.backend}, {facts.events:,} events, top {facts.top}, "
                f"year {facts.year}; server log {log_path}",
                file=sys.stderr,
                flush=True,
            )
            specs = [s for s in plan(facts, filtered=not args.no_filtered) if _wanted(s, args)]
            store = Store(database_url(db))
            try:
                counts = {s.name: store.count_events(s.filter) for s in specs if s.kind == EXPORT}
            finally:
                store.close()
            for spec in specs:
                try:
                    m = measure(facts, spec, args, log)
                except RuntimeError as exc:  # the server did not start
                    m = Measurement(spec.name, spec.path, spec.kind, facts.backend, facts.events)
                    m.note = f"no server: {exc}"
                m.export_events = counts.get(spec.name)
                rows.append(m)
                print(_progress(m), file=sys.stderr, flush=True)
            if not args.no_all:
                rows.append(all_in_one(facts, specs, args, log))
                print(_progress(rows[-1]), file=sys.stderr, flush=True)
    return rows


def _wanted(spec: Spec, args: argparse.Namespace) -> bool:
    # "=NAME" picks exactly that endpoint ("=/graph" without the exports and variants).
    return not args.only or any(
        spec.name == word[1:] if word.startswith("=") else word in spec.name for word in args.only
    )


def _progress(m: Measurement) -> str:
    cold = m.note or f"{m.cold_s:.3f} s"
    p50 = f"{m.p50:.3f} s" if m.p50 is not None else "—"
    return (
        f"  {m.endpoint:<28} {size_label(m.events):>5} {m.backend:<10} cold {cold:<10} "
        f"p50 {p50:<9} n {len(m.warm_s):<3} RSS {m.rss_mb or 0:,.0f} MB "
        f"peak {m.peak_mb or 0:,.0f} MB"
    )


def print_tables(rows: list[Measurement], timeout: float | None) -> None:
    print(endpoint_table(rows, timeout))
    if any(r.kind == EXPORT for r in rows):
        print()
        print(export_table(rows))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("stores", nargs="*", help="SQLite paths or database URLs, smallest first")
    p.add_argument("--repeats", type=int, default=30, help="warm requests per endpoint (30)")
    p.add_argument("--export-repeats", type=int, default=3, help="warm requests per export (3)")
    p.add_argument("--timeout", type=float, default=120, help="cap per request in seconds (120)")
    p.add_argument(
        "--warm-budget", type=float, default=60, help="stop warm repeats after this many s (60)"
    )
    p.add_argument(
        "--only",
        nargs="+",
        help="only endpoints whose name contains one of these (=NAME: exactly that name)",
    )
    p.add_argument("--no-filtered", action="store_true", help="skip the filtered variants")
    p.add_argument(
        "--no-primer",
        action="store_true",
        help="cold = the very first request of the process (no primer request before it)",
    )
    p.add_argument("--no-all", action="store_true", help="skip the all-in-one-server pass")
    p.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    p.add_argument("--report", type=Path, nargs="+", help="print the tables of saved JSON files")
    args = p.parse_args(argv)
    if not args.stores and not args.report:
        p.error("give one or more stores, or --report FILE")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows: list[Measurement] = []
    for path in args.report or ():
        rows += [Measurement(**r) for r in json.loads(path.read_text(encoding="utf-8"))]
    if args.stores:
        measured = run(args)
        if args.json:
            args.json.write_text(json.dumps([asdict(m) for m in measured], indent=1) + "\n")
        rows += measured
    print_tables(rows, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
