"""Fill a store with synthetic articles and events through the store's own bulk write path.

    .venv/bin/python bench/make_store.py --events 1000000 --db /work/bench-data/1m.db
    .venv/bin/python bench/make_store.py --events 10000000 \\
        --db postgresql://postgres@127.0.0.1:5432/bench_10m --batch-articles 2000

The data (bench/synthetic.py) is deterministic for a seed: ~200 gazetteer actors with
power-law activity, CAMEO codes from the ontology weighted like event data, ten years of
dates. Articles are generated and written in batches, so memory stays flat whatever N.
Generation time and write time are measured apart; the write rate is the store's alone.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import Generator

from graphsvc.errors import Conflict, GraphsvcError
from graphsvc.models import Article, Event
from graphsvc.settings import database_url
from graphsvc.store.schema import metadata
from graphsvc.store.store import Store

Item = tuple[Article, list[Event]]


def write_batch(store: Store, items: Sequence[Item]) -> int:
    """One batch through the store's bulk path (one transaction); events newly stored."""
    written = 0
    for outcome in store.add_articles(items):
        if isinstance(outcome, Conflict):
            raise SystemExit(f"error: {outcome}")
        _, events, created = outcome
        written += len(events) if created else 0
    return written


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def table_sizes(store: Store) -> dict[str, int]:
    """Rows per table of the schema (rollup tables included once the schema has them)."""
    with store.engine.connect() as conn:
        return {
            t.name: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{t.name}"').scalar() or 0)
            for t in metadata.sorted_tables
        }


def database_bytes(store: Store, url: str) -> int | None:
    with store.engine.connect() as conn:
        if store.dialect == "postgresql":
            return int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar())
    path = url.removeprefix("sqlite:///")
    files = [Path(path), Path(path + "-wal")]
    return sum(p.stat().st_size for p in files if p.exists()) if url.startswith("sqlite") else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, required=True, help="events to write (exactly)")
    p.add_argument("--db", required=True, help="SQLite path or database URL")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument(
        "--batch-articles", type=int, default=1000, help="articles per write call (default 1000)"
    )
    p.add_argument("--years", type=int, default=10, help="span of publication dates (default 10)")
    p.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=date(2026, 11, 30),
        help="last publication date, YYYY-MM-DD (default 2026-11-30)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue a run that stopped (same --events, --seed, --years, --end-date)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    args = p.parse_args(argv)
    if args.events < 1 or args.batch_articles < 1 or args.years < 1:
        p.error("--events, --batch-articles and --years must be positive")
    return args


@dataclass(frozen=True, slots=True)
class Result:
    events: int
    articles: int
    generate_s: float
    write_s: float
    total_s: float
    tables: dict[str, int]
    bytes: int | None


def make_store(args: argparse.Namespace) -> Result:
    """Generate and write; returns the figures it prints."""
    url = database_url(args.db)
    store = Store(url)
    try:
        have = table_sizes(store)
        if have["events"] and not args.resume:
            raise SystemExit(
                f"error: {args.db} already holds {have['events']} events; "
                "use an empty database, or --resume"
            )
        gen = Generator(args.seed, years=args.years, end=args.end_date)
        stories = gen.articles(args.events)
        # Batches commit whole and in order: a run that stopped left the first stories.
        skipped = sum(len(evs) for _, evs in islice(stories, have["articles"]))
        if skipped != have["events"]:
            raise SystemExit(
                f"error: {args.db} does not hold the first stories of seed {args.seed} "
                f"({have['articles']} articles, {have['events']} events, expected {skipped})"
            )
        store.upsert_actors(gen.universe.actors)
        articles = events = 0
        gen_s = write_s = 0.0
        started = last_report = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            batch = next(batches(stories, args.batch_articles), None)
            t1 = time.perf_counter()
            gen_s += t1 - t0
            if not batch:
                break
            written = write_batch(store, batch)
            write_s += time.perf_counter() - t1
            if written != sum(len(evs) for _, evs in batch):
                # Only a repeated story (same text) could do this: the counts would be off.
                raise SystemExit("error: the store did not take every generated story as new")
            articles += len(batch)
            events += written
            now = time.perf_counter()
            if not args.quiet and (now - last_report >= 10 or events + skipped >= args.events):
                last_report = now
                print(
                    f"{events + skipped:>11,} / {args.events:,} events  "
                    f"{articles + have['articles']:>10,} articles  "
                    f"{events / (now - started):>9,.0f} ev/s overall  "
                    f"{events / write_s:>9,.0f} ev/s store",
                    flush=True,
                )
        total_s = time.perf_counter() - started
        if store.dialect == "postgresql":
            # Fresh planner statistics, as after any bulk load (autovacuum may lag far behind).
            with store.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        sizes = table_sizes(store)
        size = database_bytes(store, url)
    finally:
        store.close()
    return Result(events, articles, gen_s, write_s, total_s, sizes, size)


def report(r: Result) -> str:
    lines = [
        f"wrote {r.events:,} events in {r.articles:,} articles in {r.total_s:.1f} s",
        f"  generation:  {r.generate_s:.1f} s ({r.events / max(r.generate_s, 1e-9):,.0f} events/s)",
        f"  store write: {r.write_s:.1f} s ({r.events / max(r.write_s, 1e-9):,.0f} events/s)",
        "table sizes: " + ", ".join(f"{name} {rows:,}" for name, rows in r.tables.items()),
    ]
    if r.bytes is not None:
        lines.append(f"database size: {r.bytes / 1e6:,.1f} MB")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"peak RSS of this process: {peak_mb:,.0f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = make_store(args)
    except GraphsvcError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
