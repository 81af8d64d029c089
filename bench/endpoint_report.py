"""Tables of the endpoint benchmark: targets of issue 7 marked ✓/✗, growth exponents."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Issue 7's targets.
WARM_P95_S = 0.100
COLD_S = 1.0  # up to 1M events
COLD_LARGE_S = 3.0  # above 1M (10M on PostgreSQL)
FIRST_BYTE_S = 1.0
EXPORT_EVENTS_PER_S = 200_000
EXPORT_PEAK_MB = 600
FINAL_RSS_MB = 1024
# Below this many exported events fixed costs dominate: no throughput verdict.
THROUGHPUT_MIN_EVENTS = 50_000


@dataclass(slots=True)
class Measurement:
    """One endpoint (or filtered variant) on one store."""

    endpoint: str  # display name, e.g. "/graph" or "/graph [2025]"
    path: str  # the request path with its query
    kind: str  # "aggregate" | "export" | "all"
    backend: str  # "sqlite" | "postgresql"
    events: int  # events in the store
    primer_s: float | None = None  # first request of the fresh process, selecting nothing
    cold_s: float | None = None  # first request of the query; None: timed out/failed
    warm_s: list[float] = field(default_factory=list)
    rss_mb: float | None = None  # VmRSS after the endpoint's requests
    peak_mb: float | None = None  # VmHWM of that server process
    first_byte_s: float | None = None  # exports: cold request, time to the first body byte
    export_events: int | None = None  # exports: events the filter selects
    bytes: int | None = None
    load: float | None = None  # the machine's 1-min load average when measured
    note: str | None = None  # shown instead of the cold time: "> 120" (timed out), an error

    @property
    def p50(self) -> float | None:
        return percentile(self.warm_s, 50)

    @property
    def p95(self) -> float | None:
        return percentile(self.warm_s, 95)

    @property
    def events_per_s(self) -> float | None:
        if self.export_events is None or not self.cold_s:
            return None
        return self.export_events / self.cold_s


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def targets(m: Measurement) -> list[tuple[str, bool]]:
    """(label, met) for every target of issue 7 that applies to this row."""
    out: list[tuple[str, bool]] = []
    if m.kind == "aggregate":
        limit = COLD_S if m.events <= 1_000_000 else COLD_LARGE_S
        out.append((f"cold≤{limit:g}s", m.cold_s is not None and m.cold_s <= limit))
        if m.p95 is not None or m.cold_s is None:
            out.append(("p95≤100ms", m.p95 is not None and m.p95 <= WARM_P95_S))
    elif m.kind == "export":
        out.append(("1st byte≤1s", m.first_byte_s is not None and m.first_byte_s <= FIRST_BYTE_S))
        if (m.export_events or 0) >= THROUGHPUT_MIN_EVENTS or m.cold_s is None:
            rate = m.events_per_s
            out.append(("≥200k ev/s", rate is not None and rate >= EXPORT_EVENTS_PER_S))
        out.append(("peak≤600MB", m.peak_mb is not None and m.peak_mb <= EXPORT_PEAK_MB))
    elif m.kind == "all":
        out.append(("RSS≤1GB", m.rss_mb is not None and m.rss_mb <= FINAL_RSS_MB))
    return out


def growth(t1: float | None, t2: float | None, n1: int, n2: int) -> float | None:
    """log(t2/t1) / log(n2/n1): 1 = linear in the store size, 0 = independent of it."""
    if not t1 or not t2 or n1 <= 0 or n2 <= n1:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def size_label(n: int) -> str:
    for unit, div in (("M", 1_000_000), ("k", 1_000)):
        if n >= div:
            value = n / div
            return f"{value:.0f}{unit}" if value == int(value) else f"{value:.1f}{unit}"
    return str(n)


def _s(value: float | None, timeout: float | None = None) -> str:
    if value is None:
        return f"> {timeout:g}" if timeout else "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _load(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _exp(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def _marks(m: Measurement) -> str:
    return " ".join(f"{label} {'✓' if ok else '✗'}" for label, ok in targets(m))


def _previous(rows: list[Measurement], m: Measurement) -> Measurement | None:
    """The same endpoint on the same backend at the next smaller store."""
    smaller = [
        r
        for r in rows
        if r.endpoint == m.endpoint and r.backend == m.backend and r.events < m.events
    ]
    return max(smaller, key=lambda r: r.events, default=None)


def endpoint_table(rows: list[Measurement], timeout: float | None = None) -> str:
    """Every row: cold, warm p50/p95, memory, growth exponents against the next smaller store."""
    head = (
        "| endpoint | backend | events | primer s | cold s | warm p50 s | warm p95 s | n | "
        "RSS MB | peak MB | exp cold | exp p50 | load | targets |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- |"
    )
    lines = [head]
    for m in _ordered(rows):
        prev = _previous(rows, m)
        exp_cold = growth(prev.cold_s, m.cold_s, prev.events, m.events) if prev else None
        exp_p50 = growth(prev.p50, m.p50, prev.events, m.events) if prev else None
        cold = m.note or _s(m.cold_s, timeout)
        lines.append(
            f"| `{m.endpoint}` | {m.backend} | {size_label(m.events)} | {_s(m.primer_s)} | "
            f"{cold} | {_s(m.p50)} | "
            f"{_s(m.p95)} | {len(m.warm_s)} | {_mb(m.rss_mb)} | {_mb(m.peak_mb)} | "
            f"{_exp(exp_cold)} | {_exp(exp_p50)} | {_load(m.load)} | {_marks(m)} |"
        )
    return "\n".join(lines)


def export_table(rows: list[Measurement]) -> str:
    """Exports only: first byte, events/s and size of the cold (first) download."""
    lines = [
        "| export | backend | events in store | events exported | first byte s | total s | "
        "events/s | MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in _ordered([r for r in rows if r.kind == "export"]):
        rate = m.events_per_s
        lines.append(
            f"| `{m.endpoint}` | {m.backend} | {size_label(m.events)} | "
            f"{'—' if m.export_events is None else f'{m.export_events:,}'} | "
            f"{_s(m.first_byte_s)} | {_s(m.cold_s)} | {'—' if rate is None else f'{rate:,.0f}'} | "
            f"{'—' if m.bytes is None else f'{m.bytes / 1e6:,.1f}'} |"
        )
    return "\n".join(lines)


def _ordered(rows: list[Measurement]) -> list[Measurement]:
    order = {name: i for i, name in enumerate(dict.fromkeys(r.endpoint for r in rows))}
    return sorted(rows, key=lambda r: (order[r.endpoint], r.backend != "sqlite", r.events))
