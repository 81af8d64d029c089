"""Benchmark of the streamed event exports: time to first byte, events/s and peak RSS,
through the real HTTP server (``graphsvc serve`` in a subprocess, read with httpx) and
through the CLI (``graphsvc export`` to a pipe).

    .venv/bin/python bench/export.py --db /tmp/b/100k.db --events 100000
    .venv/bin/python bench/export.py --db postgresql://postgres@127.0.0.1:5432/test \\
        --events 1000000 --cli-formats graphml

A store with fewer events than ``--events`` is filled first (an empty one only; see
export_fill.py). Prints one table row per database × format × path.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_fill import fill

from graphsvc.models import EventFilter
from graphsvc.settings import database_url
from graphsvc.store import Store

BIN = Path(sys.executable).parent
FORMATS = ("graphml", "gexf", "json", "csv")
PATHS = {
    "graphml": "/graph.graphml",
    "gexf": "/graph.gexf",
    "json": "/graph.json",
    "csv": "/events.csv",
}


@dataclass
class Row:
    db: str
    fmt: str
    via: str
    events: int
    first_byte: float
    seconds: float
    megabytes: float
    peak_rss_mb: float
    cpu_seconds: float
    db_cpu_seconds: float = 0.0

    def line(self) -> str:
        rate = self.events / self.seconds if self.seconds else 0.0
        per_cpu = self.events / self.cpu_seconds if self.cpu_seconds else 0.0
        # Server and database each on a core of their own (an idle 2-core machine): the
        # busier of the two sets the pace.
        busiest = max(self.cpu_seconds, self.db_cpu_seconds)
        per_core = self.events / busiest if busiest else 0.0
        return (
            f"| {self.db:<10} | {self.fmt:<7} | {self.via:<4} | {self.events:>9,} "
            f"| {self.first_byte:>7.3f} | {self.seconds:>7.2f} | {rate:>9,.0f} "
            f"| {self.cpu_seconds:>6.1f} | {per_cpu:>9,.0f} "
            f"| {self.db_cpu_seconds:>6.1f} | {per_core:>9,.0f} "
            f"| {self.megabytes:>8.1f} | {self.peak_rss_mb:>7.0f} |"
        )


# cpu s: CPU time of the serving (or CLI) process, so events per CPU-second is a figure a
# shared, busy machine distorts less than events per wall-clock second.
# db cpu s: CPU time of the PostgreSQL backends serving the server's connections (0 for
# SQLite, which runs inside the server); ev/core-s: events per CPU-second of the busier of
# server and database, i.e. the rate on an idle machine with a core for each.
HEADER = (
    "| store      | format  | via  |    events | first s | total s |  events/s "
    "|  cpu s | ev/cpu-s  | db cpu | ev/core-s |   out MB | peak MB |\n"
    "| ---------- | ------- | ---- | --------: | ------: | ------: | --------: "
    "| -----: | --------: | -----: | --------: | -------: | ------: |"
)


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (fields 14 and 15 of /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak(pid: int) -> bool:
    """Reset VmHWM (Linux ≥ 4.0: writing 5 to clear_refs), so each export has its own peak."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def start_server(db: str, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(BIN / "graphsvc"), "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _local_ports(pid: int, remote_port: int) -> set[int]:
    """Local TCP ports of ``pid``'s connections to ``remote_port``."""
    inodes = _socket_inodes(pid)
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes and int(fields[2].rsplit(":", 1)[1], 16) == remote_port:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def db_backends(db: str, server_pid: int) -> list[int]:
    """PIDs of the PostgreSQL backends serving ``server_pid``'s connections (matched by
    client port in pg_stat_activity); [] for SQLite."""
    if "postgres" not in db:
        return []
    ports = _local_ports(server_pid, 5432)
    if not ports:
        return []
    import psycopg

    url = db.split("?")[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE client_port = ANY(%s)", (sorted(ports),)
        ).fetchall()
    return [row[0] for row in rows]


def db_cpu(pids: list[int]) -> dict[int, float]:
    found = {}
    for pid in pids:
        try:
            found[pid] = cpu_seconds(pid)
        except OSError:  # a backend that ended
            continue
    return found


def over_http(name: str, port: int, pid: int, fmt: str, events: int, db: str = "") -> Row:
    reset_peak(pid)
    db_before = db_cpu(db_backends(db, pid))
    cpu_before = cpu_seconds(pid)
    started = time.perf_counter()
    first = 0.0
    size = 0
    with httpx.stream("GET", f"http://127.0.0.1:{port}{PATHS[fmt]}", timeout=600) as response:
        response.raise_for_status()
        for chunk in response.iter_raw():
            if not first and chunk:
                first = time.perf_counter() - started
            size += len(chunk)
    seconds = time.perf_counter() - started
    peak = status_kb(pid, "VmHWM") / 1024
    cpu = cpu_seconds(pid) - cpu_before
    # A backend opened during the download started from (about) zero.
    db_after = db_cpu(db_backends(db, pid))
    used = sum(after - db_before.get(p, 0.0) for p, after in db_after.items())
    return Row(name, fmt, "http", events, first, seconds, size / 1e6, peak, cpu, used)


def over_cli(name: str, db: str, fmt: str, events: int) -> Row:
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "graphsvc"), "export", "--format", fmt, "--db", db], stdout=subprocess.PIPE
    )
    assert process.stdout is not None
    first = 0.0
    size = 0
    while chunk := process.stdout.read1(1 << 16):
        if not first:
            first = time.perf_counter() - started
        size += len(chunk)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"graphsvc export --format {fmt} failed")
    cpu = usage.ru_utime + usage.ru_stime
    return Row(name, fmt, "cli", events, first, seconds, size / 1e6, usage.ru_maxrss / 1024, cpu)


def prepare(db: str, n_events: int) -> int:
    store = Store(database_url(db))
    try:
        have = store.count_events(EventFilter(include_negated=True))
        exported = store.count_events(EventFilter())
    finally:
        store.close()
    if have == 0:
        print(f"filling {db} with {n_events:,} events ...", file=sys.stderr, flush=True)
        print(f"  filled in {fill(database_url(db), n_events):.0f} s", file=sys.stderr)
        return prepare(db, n_events)
    return exported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", required=True, help="SQLite path or URL")
    parser.add_argument("--events", type=int, default=100_000, help="events of a new store")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--cli-formats", default=",".join(FORMATS), help="formats also run through the CLI"
    )
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    rows: list[Row] = []
    for db in args.db:
        name = "postgresql" if "://" in db and "postgres" in db else "sqlite"
        events = prepare(db, args.events)
        server = start_server(db, args.port)
        try:
            idle = status_kb(server.pid, "VmRSS") / 1024
            print(f"{db}: {events:,} events, server idle RSS {idle:.0f} MB", file=sys.stderr)
            for fmt in formats:
                rows.append(over_http(name, args.port, server.pid, fmt, events, db))
                print(rows[-1].line(), file=sys.stderr, flush=True)
        finally:
            server.terminate()
            server.wait(30)
        for fmt in [f for f in args.cli_formats.split(",") if f]:
            rows.append(over_cli(name, db, fmt, events))
            print(rows[-1].line(), file=sys.stderr, flush=True)
    print(HEADER)
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
