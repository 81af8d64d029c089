"""Extraction on a Dask LocalCluster against the single-process path, docs/s.

    .venv/bin/python bench/cluster.py [--docs N] [--workers 1,2] [--batch-size N] [--join K]
                                      [--db URL]

The corpus is the demo articles repeated to ``--docs`` documents, each copy with its own id
and a last line of its own ("Ref. 1234."), so the store's content-hash dedup skips none;
that line names no actor and holds no event, so every copy codes like its original.

Per variant, each on a fresh store:
- extract: events of every document back in this process (nothing written), wall time,
  and the CPU seconds the extracting processes spent (the workers' own, read on each
  worker before and after): docs per CPU second is docs/s per fully used worker core,
  the figure to size a cluster with, and it does not depend on other load on the machine;
- store: writing those results through the ingest's write path in batches (the client's
  share of a cluster ingest; the same for every variant, measured once);
- ingest: end to end, what ``graphsvc ingest`` does (skip check, extract, write).
Model loading is timed apart (workers are warmed before the clock starts). Needs the
``dask`` extra. Runs on the machine it is started on, nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

# One BLAS thread per process (dask's nanny does the same for its workers).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphsvc.distributed.ingest import (  # noqa: E402
    BATCH_SIZE,
    extract_on_cluster,
    ingest_on_cluster,
)
from graphsvc.distributed.tasks import extraction_settings  # noqa: E402
from graphsvc.models import ArticleInput, Event  # noqa: E402
from graphsvc.service import DEMO_FILE, GraphService, prepare_article  # noqa: E402
from graphsvc.settings import Settings  # noqa: E402

Extracted = list[tuple[ArticleInput, list[Event]]]


def build_corpus(n_docs: int, join: int = 1) -> list[ArticleInput]:
    """``n_docs`` documents of ``join`` consecutive demo stories each (one story by default;
    more make wire-length articles), each with its own id and last line."""
    base = [json.loads(line) for line in DEMO_FILE.read_text(encoding="utf-8").splitlines()]
    docs = []
    for i in range(n_docs):
        parts = [base[(i * join + k) % len(base)] for k in range(join)]
        art = parts[0]
        text = "\n\n".join(part["text"] for part in parts)
        docs.append(
            ArticleInput(
                text=f"{text}\nRef. {i}.",
                id=f"{art['id']}-{i}",
                title=art.get("title"),
                source=art.get("source"),
                published=date.fromisoformat(art["published"]) if art.get("published") else None,
            )
        )
    return docs


@contextmanager
def fresh_store(db: str | None) -> Iterator[GraphService]:
    """A GraphService on an empty store: a temporary SQLite file, or a new PostgreSQL
    schema on ``db`` (dropped afterwards)."""
    if db is None:
        with tempfile.TemporaryDirectory() as folder:
            service = GraphService(Settings(db=f"{folder}/bench.db"))
            try:
                yield service
            finally:
                service.close()
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from graphsvc.settings import database_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url(db))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(database_url(db)).update_query_dict({"options": f"-csearch_path={schema}"})
    service = GraphService(Settings(db=url.render_as_string(hide_password=False)))
    try:
        yield service
    finally:
        service.close()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def store_results(service: GraphService, results: Extracted, batch_size: int) -> None:
    """The ingest's write path: articles with their events, one bulk write per batch."""
    pairs = []
    for doc, events in results:
        article = prepare_article(doc)
        pairs.append((article, [replace(e, article_id=article.id) for e in events]))
    for start in range(0, len(pairs), batch_size):
        service.store.add_articles(pairs[start : start + batch_size])


def run_single(docs: list[ArticleInput], db: str | None, batch_size: int) -> dict[str, Any]:
    from graphsvc.extract import Extractor

    settings = Settings()
    load_s, extractor = timed(lambda: Extractor(settings))
    cpu = time.process_time()
    extract_s, results = timed(lambda: list(extractor.extract_many(docs)))
    extract_cpu = time.process_time() - cpu
    with fresh_store(db) as service:
        cpu = time.process_time()
        store_s, _ = timed(lambda: store_results(service, results, batch_size))
        store_cpu = time.process_time() - cpu
    with fresh_store(db) as service:
        service = GraphService(service.settings, extractor=extractor, store=service.store)
        ingest_s, summary = timed(lambda: service.ingest_many(docs))
    assert summary.articles_added == len(docs), summary.errors[:3]
    return {
        "load_s": load_s,
        "extract_s": extract_s,
        "worker_cpu": extract_cpu,
        "client_cpu": 0.0,
        "store_s": store_s,
        "store_cpu": store_cpu,
        "ingest_s": ingest_s,
        "events": sum(len(e) for _, e in results),
    }


def _warm(settings: Settings) -> None:
    from graphsvc.distributed.tasks import _extractor

    _extractor(settings)


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def run_cluster(
    docs: list[ArticleInput], workers: int, db: str | None, batch_size: int
) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    settings = Settings()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        load_s, _ = timed(lambda: client.run(_warm, extraction_settings(settings)))
        before = client.run(_cpu_seconds)
        cpu = time.process_time()  # this process: the client and the LocalCluster's scheduler
        extract_s, results = timed(
            lambda: list(extract_on_cluster(client, docs, settings=settings, batch_size=batch_size))
        )
        client_cpu = time.process_time() - cpu
        after = client.run(_cpu_seconds)
        with fresh_store(db) as service:
            ingest_s, summary = timed(
                lambda: ingest_on_cluster(service, docs, cluster=client, batch_size=batch_size)
            )
    assert summary.articles_added == len(docs), summary.errors[:3]
    return {
        "load_s": load_s,
        "extract_s": extract_s,
        "worker_cpu": sum(after[w] - before[w] for w in after),
        "client_cpu": client_cpu,
        "ingest_s": ingest_s,
        "events": sum(len(e) for _, e in results),
    }


def report(n_docs: int, n_words: int, rows: dict[str, dict[str, Any]], db: str) -> None:
    base = rows["single process"]
    head = (
        f"{'variant':<18}{'load s':>7}{'extract s':>10}{'docs/s':>8}{'x':>6}"
        f"{'worker CPU s':>13}{'docs/CPU s':>11}{'client CPU s':>13}"
        f"{'ingest s':>9}{'docs/s':>8}{'x':>6}"
    )
    print(head)
    print("-" * len(head))
    for name, r in rows.items():
        print(
            f"{name:<18}{r['load_s']:>7.2f}{r['extract_s']:>10.2f}"
            f"{n_docs / r['extract_s']:>8.1f}{base['extract_s'] / r['extract_s']:>6.2f}"
            f"{r['worker_cpu']:>13.2f}{n_docs / r['worker_cpu']:>11.1f}{r['client_cpu']:>13.2f}"
            f"{r['ingest_s']:>9.2f}{n_docs / r['ingest_s']:>8.1f}"
            f"{base['ingest_s'] / r['ingest_s']:>6.2f}"
        )
    store_s, store_cpu = base["store_s"], base["store_cpu"]
    per_doc = base["worker_cpu"] / n_docs
    print()
    print(
        f"store writes alone ({db}): {store_s:.2f} s wall, {store_cpu:.2f} s CPU in the "
        f"writer, {n_docs / store_s:.0f} docs/s; extraction: {1000 * per_doc:.1f} CPU ms/doc"
    )
    print(
        f"one client writing keeps up with about {base['worker_cpu'] / store_s:.0f} "
        "single-core workers (extraction CPU time / store wall time)"
    )
    print(
        f"{n_docs} docs, {n_words} words, {n_words / n_docs:.0f} words/doc, "
        f"{rows['single process']['events']} events; {os.cpu_count()} CPUs; "
        f"load average at the end {os.getloadavg()[0]:.1f}; {date.today()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--workers", default="1,2", help="LocalCluster sizes (default 1,2)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="docs per task")
    parser.add_argument("--join", type=int, default=1, help="demo stories per document (default 1)")
    parser.add_argument("--db", default=None, help="PostgreSQL URL (default: a temp SQLite)")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.workers.split(",") if n.strip()]
    if args.docs < 1 or args.batch_size < 1 or args.join < 1 or any(n < 1 for n in sizes):
        parser.error("--docs, --batch-size and --workers must be positive")

    docs = build_corpus(args.docs, args.join)
    n_words = sum(len(d.text.split()) for d in docs)
    print(f"corpus: {len(docs)} documents, {n_words} words", flush=True)
    rows = {"single process": run_single(docs, args.db, args.batch_size)}
    print("single process done", file=sys.stderr, flush=True)
    for n in sizes:
        rows[f"LocalCluster x{n}"] = run_cluster(docs, n, args.db, args.batch_size)
        print(f"LocalCluster x{n} done", file=sys.stderr, flush=True)
    events = {r["events"] for r in rows.values()}
    if len(events) != 1:
        raise SystemExit(f"the variants found different numbers of events: {rows}")
    report(len(docs), n_words, rows, "SQLite" if args.db is None else "PostgreSQL")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
