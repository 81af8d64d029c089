"""Ingest speed with report linking (store/linker.py) against without it.

Stores synthetic articles (bench/synthetic.py: ~2.5 events each, one year of news, so
pairs recur and the linker finds candidates) in transactions of 64 articles, as
``graphsvc ingest`` does, into a store already holding ``--preload`` articles, and prints
articles/s and events/s of the timed part (and this process's CPU seconds, steadier on a
shared machine; PostgreSQL's own work is not in them) and how many rows were linked.

    .venv/bin/python bench/linking_ingest.py --db sqlite:///tmp/bench.db --articles 3000
    .venv/bin/python bench/linking_ingest.py --db postgresql://…/test --no-link

Run it with another checkout first on PYTHONPATH (one without linking: no ``link``
argument) to compare with the code before linking.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import Generator

from graphsvc.models import EventFilter
from graphsvc.store import Store

BATCH = 64


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a new SQLite URL or an empty PG schema")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--preload", type=int, default=3000)
    parser.add_argument("--no-link", action="store_true")
    args = parser.parse_args()
    store = Store(args.db)
    can_link = "link" in inspect.signature(store.add_articles).parameters
    options = {"link": not args.no_link} if can_link else {}
    items = list(itertools.islice(Generator(7, years=1).articles(10**9),
                                  args.preload + args.articles))  # fmt: skip
    for start in range(0, args.preload, BATCH):
        store.add_articles(items[start : min(start + BATCH, args.preload)], **options)
    timed = items[args.preload :]
    began, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(timed), BATCH):
        store.add_articles(timed[start : start + BATCH], **options)
    seconds = time.perf_counter() - began
    cpu = time.process_time() - cpu  # this process only: steadier on a shared machine
    n_events = sum(len(evs) for _, evs in timed)
    mode = "linking" if options.get("link") else ("no linking" if can_link else "before")
    rows = store.count_events(EventFilter(reports=True)) if can_link else None
    events = store.count_events(EventFilter())
    print(f"{store.dialect} {mode}: {len(timed)} articles ({n_events} events) in "
          f"{seconds:.2f} s = {len(timed) / seconds:.0f} articles/s, "
          f"{n_events / seconds:.0f} events/s; {cpu:.2f} s CPU in this process; "
          f"store: {events} events"
          + (f" from {rows} rows" if rows is not None else ""))  # fmt: skip
    store.close()


if __name__ == "__main__":
    main()
