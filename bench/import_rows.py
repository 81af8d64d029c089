"""Import speed: a generated GDELT 1.0 events file into SQLite and PostgreSQL.

    .venv/bin/python bench/import_rows.py                       # 1,000,000 rows, both backends
    .venv/bin/python bench/import_rows.py --rows 200000 --no-pg
    .venv/bin/python bench/import_rows.py --pg postgresql://postgres@127.0.0.1:5432/test

The file follows the GDELT 1.0 daily layout (58 tab-separated columns, graphsvc/imports/
gdelt.py) with synthetic values: gazetteer states and a few IGO actors, about 6% of rows
with an actor that is no actor here (regions, groups: skipped and counted as real files
have), CAMEO codes of the ontology weighted towards the common roots, a year of dates,
2-4 events per SOURCEURL. Each backend imports it in a child process (``graphsvc import``'s
own ``run_import``), which reports its rows/s and peak RSS; PostgreSQL gets a fresh schema,
dropped afterwards. Then the dataset filter is timed: the dyad counts of the whole graph
with no filter (rollups) and with ``dataset=gdelt1`` (read from the events).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REGIONS = ("EUR", "AFR", "MEA", "ASA", "WST", "SAS")
GROUPS = ("CVL", "REB", "BUS", "MED", "EDU", "OPP")
IGOS = ("IGOUNO", "IGOEUREEC", "IGOWSTNAT", "IGOUNOWHO", "IGOUNOIMF")


def fraction(day: date) -> str:
    """GDELT's FractionDate: the year plus the day of the year over 365."""
    return f"{day.year + day.timetuple().tm_yday / 365:.4f}"


def generate(path: Path, rows: int, seed: int = 7) -> float:
    """Write ``rows`` GDELT 1.0 event rows to ``path``; returns seconds taken."""
    from graphsvc.extract.ontology import load_ontology
    from graphsvc.imports.countries import known_codes

    started = time.perf_counter()
    rng = random.Random(seed)
    states = sorted(c for c, kind in known_codes().items() if kind == "state")
    weights = [1 / (i + 1) ** 0.9 for i in range(len(states))]  # a few busy states
    codes = [c for c in load_ontology() if c.level != "root"]
    busy = {"01", "02", "03", "04", "05", "11", "19", "17"}
    code_weights = [4.0 if c.root in busy else 1.0 for c in codes]
    first = date(2024, 1, 1)
    url_left = 0
    url = ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        for i in range(rows):
            day = first + timedelta(days=rng.randrange(366))
            d = day.strftime("%Y%m%d")
            actors = []
            for _ in range(2):
                roll = rng.random()
                if roll < 0.03:
                    actors.append((rng.choice(REGIONS), "", ""))
                elif roll < 0.06:
                    actors.append((rng.choice(GROUPS), "", ""))
                elif roll < 0.10:
                    actors.append((rng.choice(IGOS), "", ""))
                else:
                    s = rng.choices(states, weights)[0]
                    actors.append((s + rng.choice(("GOV", "MIL", "", "BUS")), s, s))
            c = rng.choices(codes, code_weights)[0]
            if url_left == 0:
                url = f"https://news.example-{rng.randrange(400)}.com/{d}/story-{i}"
                url_left = rng.randint(2, 4)
            url_left -= 1
            mentions = rng.randint(1, 40)
            sources = rng.randint(1, min(mentions, 10))
            fields = [
                str(900_000_000 + i), d, d[:6], d[:4], fraction(day),
                actors[0][0], f"ACTOR {actors[0][0]}", actors[0][2], "", "", "", "", "", "", "",
                actors[1][0], f"ACTOR {actors[1][0]}", actors[1][2], "", "", "", "", "", "", "",
                "1", c.code, c.code[:3], c.code[:2], str(c.quad_class), f"{c.goldstein:g}",
                str(mentions), str(sources), str(mentions), f"{rng.uniform(-10, 10):.6f}",
                *(["4", "Somewhere, Someplace", "XX", "XX01", "12.5", "45.25", "-123456"] * 3),
                d, url,
            ]  # fmt: skip
            fh.write("\t".join(fields) + "\n")
    return time.perf_counter() - started


def child(url: str, file: str, batch: int) -> None:
    """In the child process: import, time the dataset filter, print one JSON line."""
    from graphsvc.imports.formats import FORMATS
    from graphsvc.imports.runner import run_import
    from graphsvc.models import EventFilter
    from graphsvc.store import Store

    store = Store(url)
    try:
        cpu0 = _cpu()
        summary = run_import(store, FORMATS["gdelt1"], [Path(file)], batch_size=batch)
        cpu = _cpu() - cpu0
        again_started = time.perf_counter()
        again = run_import(store, FORMATS["gdelt1"], [Path(file)], batch_size=batch)
        again_s = time.perf_counter() - again_started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        timings = {}
        for name, f in (("no filter", EventFilter()),
                        ("dataset=gdelt1", EventFilter(datasets=frozenset({"gdelt1"}))),
                        ("exclude_dataset=graphsvc",
                         EventFilter(exclude_datasets=frozenset({"graphsvc"})))):  # fmt: skip
            t0 = time.perf_counter()
            pairs = store.dyad_counts(f)
            timings[name] = (round(time.perf_counter() - t0, 3), len(pairs))
        print(json.dumps({
            "rows": summary.rows, "events": summary.events_added,
            "skipped": sum(summary.skipped.values()), "seconds": round(summary.seconds, 1),
            "rows_per_s": round(summary.rows_per_second), "peak_rss_mb": round(peak_mb),
            "cpu_s": round(cpu, 1), "rows_per_cpu_s": round(summary.rows / cpu) if cpu else 0,
            "reimport_added": again.events_added, "reimport_s": round(again_s, 1),
            "dyad_counts_s": timings,
        }))  # fmt: skip
    finally:
        store.close()


def _cpu() -> float:
    """CPU seconds of this process (user + system): the importer's own work, whatever the
    load on a shared machine (PostgreSQL's server work is not in it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _pg_schema(base: str) -> tuple[str, object]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_import_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


def run_child(url: str, file: Path, batch: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", url, str(file), "--batch-size", str(batch)],
        check=True, capture_output=True, text=True, env={**os.environ},
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--pg", default=os.environ.get("GRAPHSVC_BENCH_PG", DEFAULT_PG))
    p.add_argument("--no-pg", action="store_true", help="SQLite only")
    p.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    p.add_argument("--workdir", type=Path, default=None, help="where the file and store go")
    p.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], args.batch_size)
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        file = Path(tmp) / "bench.export.CSV"
        gen_s = generate(file, args.rows)
        size = file.stat().st_size / 1e6
        print(f"generated {args.rows:,} GDELT 1.0 rows ({size:,.0f} MB) in {gen_s:.1f} s")
        print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores, shared)", flush=True)
        if not args.no_sqlite:
            report(
                "sqlite", run_child(f"sqlite:///{Path(tmp) / 'bench.db'}", file, args.batch_size)
            )
        if not args.no_pg:
            url, drop = _pg_schema(args.pg)
            try:
                report("postgresql", run_child(url, file, args.batch_size))
            finally:
                drop()  # type: ignore[operator]
        print(f"load average after: {os.getloadavg()[0]:.2f}")


def report(backend: str, r: dict) -> None:
    """Print one backend's figures (as soon as its child is done)."""
    print(
        f"{backend}: {r['rows']:,} rows in {r['seconds']} s = {r['rows_per_s']:,} rows/s; "
        f"{r['events']:,} events stored, {r['skipped']:,} rows skipped; "
        f"peak RSS {r['peak_rss_mb']} MB; re-import added {r['reimport_added']} "
        f"in {r['reimport_s']} s"
    )
    print(
        f"  importer CPU {r['cpu_s']} s = {r['rows_per_cpu_s']:,} rows per CPU second; "
        f"load average now {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    for name, (seconds, pairs) in r["dyad_counts_s"].items():
        print(f"  dyad counts, {name}: {seconds} s ({pairs:,} pairs)", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
