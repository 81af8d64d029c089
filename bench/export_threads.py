"""In-process benchmark of the database-rendered exports on SQLite: how the work splits
between the reader threads (SQLite stepping through the rendering query, GIL released;
store.ranged runs two for a full export) and the rest (checks, joins, chunking), to tell
what an idle two-core machine would do.

    .venv/bin/python bench/export_threads.py --db /tmp/b/1m.db

Prints per format: events, wall s, process CPU s, reader threads' CPU s, events per process
CPU-second, and events per second on two idle cores: the work spread over both, unless the
consumer thread alone (which cannot be split) takes longer. No HTTP: bench/export.py
measures through the server.
"""

from __future__ import annotations

import argparse
import time

from graphsvc.exports import SQL_RENDERED, node_records
from graphsvc.models import EventFilter
from graphsvc.render.streaming._common import filled
from graphsvc.render.streaming.csv import stream_csv_lines
from graphsvc.store import Store


def run(store: Store, fmt: str) -> str:
    document, template, render_row, separator = SQL_RENDERED[fmt]
    f = EventFilter()
    started, cpu_started = time.perf_counter(), time.process_time()
    stream = store.render_events(f, template)
    assert stream is not None, "in-memory SQLite has no rendered path"
    blocks = filled(stream, render_row, separator)
    if fmt == "csv":
        body = stream_csv_lines(blocks)
    else:
        body = document(node_records(store, store.actors(), f), blocks)
    size = sum(len(chunk) for chunk in body)
    stream.close()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    reader = stream.reader_cpu_seconds
    events = store.count_events(f)
    paced = events / max(cpu / 2, cpu - reader)
    return (
        f"| {fmt:<7} | {events:>9,} | {wall:>6.2f} | {cpu:>6.2f} | {reader:>6.2f} "
        f"| {events / cpu:>9,.0f} | {paced:>9,.0f} | {size / 1e6:>7.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite file")
    parser.add_argument("--formats", default="graphml,gexf,json,csv")
    args = parser.parse_args()
    store = Store(f"sqlite:///{args.db}")
    print("| format  |    events | wall s |  cpu s | reader |  ev/cpu-s | ev/s 2-core |  out MB |")
    print("| ------- | --------: | -----: | -----: | -----: | --------: | --------: | ------: |")
    try:
        for fmt in args.formats.split(","):
            print(run(store, fmt), flush=True)
    finally:
        store.close()


if __name__ == "__main__":
    main()
