"""Queued-ingestion benchmark: many concurrent writers against a real server and its worker
pool, while a reader measures how long reads take.

    .venv/bin/python bench/writers.py [--writers 150] [--per-writer 4] [--workers 1]
        [--sync 1] [--queue-max 1000] [--db PATH|URL]

The server is `graphsvc serve` in a subprocess on a fresh SQLite file (or the --db given;
it should be empty), loaded with the demo corpus. Writers (asyncio + httpx, one connection
each) post distinct articles (demo stories with a unique closing line) one after another;
on 503 a writer waits `Retry-After` and sends the same article again (also after a dropped
connection: a repeated article is answered as already stored or queued once more, and the
store keeps it once). A reader in its own
process alternates GET /healthz and GET /actors every 20 ms: for 5 s before the writers
start (the idle baseline of the machine as it is) and while they run.
After the writers finish, the benchmark waits for the queue to drain and checks that the
store holds exactly the accepted articles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "graphsvc" / "demo" / "articles.jsonl"
READ_EVERY = 0.02
FINAL = ("done", "failed")
PATHS = ("/healthz", "/actors")
IDLE_SECONDS = 5.0


def articles(count: int, run: str) -> list[dict[str, Any]]:
    base = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line]
    out = []
    for n in range(count):
        story = base[n % len(base)]
        out.append(
            {
                "text": f"{story['text']}\n\n(Filed as wire copy {run}-{n}.)",
                "title": story["title"],
                "published": story["published"],
                "source": "bench",
            }
        )
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the reader: its own process, so the writers' event loop does not skew its clock --------


def reader(base: str, storm: Any, stop: Any, results: Any) -> None:
    """GET /healthz and /actors in turn; each time filed under 'idle' (before the writers
    start: what this machine gives anyway) or 'writers' (while they run)."""
    times: dict[str, list[float]] = {
        f"{phase} {path}": [] for phase in ("idle", "writers") for path in PATHS
    }
    errors = 0
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            for path in PATHS:
                phase = "writers" if storm.is_set() else "idle"
                start = time.perf_counter()
                try:
                    ok = client.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                times[f"{phase} {path}"].append(time.perf_counter() - start)
                errors += not ok
                time.sleep(READ_EVERY)
    results.put((times, errors))


# -- the writers ------------------------------------------------------------------------------


async def writer(
    client: httpx.AsyncClient, items: list[dict[str, Any]], log: dict[str, Any]
) -> None:
    for item in items:
        while True:
            start = time.perf_counter()
            try:
                response = await client.post("/articles", json=item)
            except httpx.TransportError as exc:
                # A dropped connection (say, a keep-alive the server closed while this
                # starved client was slow to reuse it): send again, writes are idempotent.
                log["status"][type(exc).__name__] += 1
                continue
            log["latency"].append(time.perf_counter() - start)
            log["status"][response.status_code] += 1
            if response.status_code == 503:
                await asyncio.sleep(float(response.headers.get("retry-after", "1")))
                continue
            if response.status_code == 202:
                log["jobs"].append(response.headers["location"])
            if response.status_code in (200, 201, 202):
                log["accepted"] += 1
            break


async def write_all(base: str, batches: list[list[dict[str, Any]]]) -> dict[str, Any]:
    log: dict[str, Any] = {"latency": [], "status": Counter(), "jobs": [], "accepted": 0}
    limits = httpx.Limits(max_connections=len(batches) + 10, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        await asyncio.gather(*(writer(client, batch, log) for batch in batches))
    return log


def drain(base: str, jobs: list[str], timeout: float) -> float:
    start = time.perf_counter()
    pending = list(dict.fromkeys(jobs))
    with httpx.Client(timeout=30) as client:
        while pending and time.perf_counter() - start < timeout:
            pending = [u for u in pending if client.get(u).json()["status"] not in FINAL]
            if pending:
                time.sleep(0.5)
    if pending:
        raise SystemExit(f"{len(pending)} jobs still not done after {timeout} s")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=150)
    parser.add_argument("--per-writer", type=int, default=4, help="articles each writer posts")
    parser.add_argument("--workers", type=int, default=1, help="serve --ingest-workers")
    parser.add_argument("--sync", type=int, default=1, help="GRAPHSVC_SYNC_EXTRACTIONS")
    parser.add_argument("--queue-max", type=int, default=1000, help="GRAPHSVC_QUEUE_MAX_ITEMS")
    parser.add_argument("--db", default=None, help="an empty database (default: a temp file)")
    parser.add_argument("--drain-timeout", type=float, default=900)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="graphsvc-writers-")
    db = args.db or str(Path(tmp.name) / "bench.db")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "GRAPHSVC_SYNC_EXTRACTIONS": str(args.sync),
        "GRAPHSVC_QUEUE_MAX_ITEMS": str(args.queue_max),
        "OPENBLAS_NUM_THREADS": "1",
    }
    env.pop("GRAPHSVC_API_KEY", None)
    command = [sys.executable, "-m", "graphsvc.cli", "serve", "--db", db, "--port", str(port)]
    command += ["--ingest-workers", str(args.workers), "--load-demo-if-empty"]
    log_path = Path(tmp.name) / "serve.log"
    with log_path.open("wb") as server_log:
        server = subprocess.Popen(command, env=env, stdout=server_log, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"server did not start; see {log_path}")
                time.sleep(0.2)
            # Load the server's own extractor before measuring (the first sync write does).
            warmup = client.post("/articles", json=articles(1, "warmup")[0])
            if warmup.status_code == 202 and args.workers:
                drain(base, [warmup.headers["location"]], args.drain_timeout)
            before = client.get("/articles", params={"limit": 1}).json()["count"]

        items = articles(args.writers * args.per_writer, f"{os.getpid()}")
        batches = [items[i :: args.writers] for i in range(args.writers)]
        ctx = multiprocessing.get_context("spawn")
        storm, stop, results = ctx.Event(), ctx.Event(), ctx.Queue()
        read_proc = ctx.Process(target=reader, args=(base, storm, stop, results))
        read_proc.start()
        time.sleep(IDLE_SECONDS)  # reads alone first: the baseline of this machine right now
        storm.set()
        start = time.perf_counter()
        cpu_server, cpu_client = cpu_seconds(server.pid), time.process_time()
        log = asyncio.run(write_all(base, batches))
        elapsed = time.perf_counter() - start
        cpu_server = cpu_seconds(server.pid) - cpu_server
        cpu_client = time.process_time() - cpu_client
        stop.set()
        times, read_errors = results.get(timeout=60)
        read_proc.join()
        # With --workers 0 nothing drains: the run measures the API alone.
        drained = drain(base, log["jobs"], args.drain_timeout) if args.workers else 0.0
        with httpx.Client(base_url=base, timeout=60) as client:
            stored = client.get("/articles", params={"limit": 1}).json()["count"] - before
    finally:
        server.terminate()
        server.wait(60)

    status = log["status"]
    sent = sum(status.values())
    lat = log["latency"]
    print(f"writers {args.writers} x {args.per_writer} articles, workers {args.workers}, "
          f"sync slots {args.sync}, queue max {args.queue_max}")  # fmt: skip
    print(f"write phase      {elapsed:8.1f} s   {log['accepted'] / elapsed:7.1f} accepted writes/s")
    print(f"CPU while writing: server {cpu_server:.1f} s, writer clients {cpu_client:.1f} s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip
    print(f"write latency    p50 {pct(lat, 50) * 1000:7.0f} ms   p99 {pct(lat, 99) * 1000:7.0f} ms")
    counts = sorted(status.items(), key=str)
    shares = ", ".join(f"{code}: {n} ({n / sent:.0%})" for code, n in counts)
    print(f"answers          {sent} requests — {shares}")
    for path, values in times.items():
        p50, p99, top = (pct(values, 50), pct(values, 99), max(values, default=float("nan")))
        print(f"{path:17} {len(values):5d} GETs   p50 {p50 * 1000:6.1f} ms   "
              f"p99 {p99 * 1000:6.1f} ms   max {top * 1000:6.1f} ms")  # fmt: skip
    print(f"reader errors    {read_errors}")
    print(f"drain            {drained:8.1f} s after the writers finished")
    print(f"stored           {stored} articles, accepted {log['accepted']}: "
          f"{'OK' if stored == log['accepted'] else 'MISMATCH'}")  # fmt: skip
    mean = statistics.fmean(lat) if lat else float("nan")
    print(f"write latency    mean {mean * 1000:.0f} ms")


if __name__ == "__main__":
    main()
