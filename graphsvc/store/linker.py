"""Events, not reports, in the store: linking new event rows to the stored events they
report (in the ingest transaction), and keeping the links whole when an article's rows go.

The rules are ``graphsvc.linking.rules``; here is only how candidates are found (by the
(source, target, date, id) index, both directions of the pair, within the date window) and
how the ``event_id``/``reports`` columns are kept. A canonical row (``event_id`` NULL) is
the event; the rollups count only those, so a linked report adds nothing to any count.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    false,
    func,
    inspect,
    or_,
    select,
    union_all,
    update,
)

from graphsvc.linking import rules
from graphsvc.linking.rules import Report
from graphsvc.store.schema import events

_C = events.c
_REPORT_COLUMNS = (
    _C.id, _C.source, _C.target, _C.code, _C.root, _C.date, _C.date_precision, _C.sentence,
    _C.article_id, _C.symmetric, _C.negated, _C.sentence_start, _C.event_id,
)  # fmt: skip


def add_columns(conn: Connection) -> None:
    """Schema step 4: ``event_id`` and ``reports`` on a store made before them (every
    existing row is its own event with one report)."""
    have = {c["name"] for c in inspect(conn).get_columns("events")}
    if "event_id" not in have:
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN event_id INTEGER")
    if "reports" not in have:
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN reports INTEGER NOT NULL DEFAULT 1")
    indexes = {i["name"] for i in inspect(conn).get_indexes("events")}
    if "ix_events_event_id" not in indexes:
        conn.exec_driver_sql("CREATE INDEX ix_events_event_id ON events (event_id)")


def is_event() -> Any:
    """The condition of a canonical row (one per event)."""
    return _C.event_id.is_(None)


def _report(row: Mapping[str, Any]) -> Report:
    return Report(
        int(row["id"]), row["source"], row["target"], row["code"], row["root"], row["date"],
        row["date_precision"], row["sentence"], row["article_id"], bool(row["symmetric"]),
        bool(row["negated"]), int(row["sentence_start"]),
    )  # fmt: skip


# Rows of either direction of a pair within a date range, each direction one range of
# ix_events_dyad_date. Report rows come too: they tell what a generic code stands for.
def _direction(source: str, target: str) -> Any:
    return select(*_REPORT_COLUMNS).where(
        _C.source == bindparam(source),
        _C.target == bindparam(target),
        _C.date.in_(bindparam("days", expanding=True)),
        _C.negated == false(),
    )


_CANDIDATES = union_all(_direction("a", "b"), _direction("b", "a"))
_REPORTED_BY = select(_C.event_id, _C.article_id).where(
    _C.event_id.in_(bindparam("ids", expanding=True))
)


def link_rows(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Set ``event_id`` and ``reports`` of new event rows (ids already allocated, not yet
    inserted), linking each to a stored or earlier new event it reports, and count the
    links into the stored events' ``reports``."""
    window = timedelta(days=rules.WINDOW_DAYS)
    new_events: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    reporters: dict[int, set[str]] = {}  # event id -> articles with a report of it
    bumps: Counter[int] = Counter()
    new_reports = [_report(r) for r in rows]
    own_codes = rules.effective_codes(new_reports)
    _lock_pairs(conn, new_reports)
    nearby = _stored_near(conn, new_reports)
    # (article, sentence, pair, root) -> the event a row of that sentence was linked to.
    sentence_links: dict[tuple[str, int, frozenset[str], str], int] = {}
    for row in rows:
        row["event_id"], row["reports"] = None, 1
        report = _effective(_report(row), own_codes)
        pair = frozenset((report.source, report.target))
        said = (report.article_id, report.sentence_start, pair, report.root)
        if said in sentence_links:
            # The coder read two codes of one root in one sentence of this pair ("discussed
            # … in a phone call": 040 and 041); its first row was linked: this one is the
            # same report of the same event (no second count).
            row["event_id"], row["reports"] = sentence_links[said], 0
            continue
        if rules.linkable(report):
            assert report.date is not None
            lo, hi = report.date - window, report.date + window
            near = nearby.get((pair, report.root), _NONE).between(lo, hi)
            codes = rules.effective_codes(n for n, _ in near)
            stored = [_effective(n, codes) for n, is_event in near if is_event]
            # Only the few that could match need their reporting articles read.
            stored = [c for c in stored if rules.compatible(report, c)]
            _load_reporters(conn, [s.id for s in stored], reporters)
            batch = {r["id"]: r for r in new_events[pair]}
            in_batch = [_effective(_report(r), own_codes) for r in batch.values()]
            candidates = [
                c for c in (*stored, *in_batch) if report.article_id not in reporters.get(c.id, ())
            ]
            found = rules.best_match(report, candidates)
            if found is not None:
                row["event_id"], row["reports"] = found.id, 0
                sentence_links[said] = found.id
                reporters.setdefault(found.id, set()).add(report.article_id)
                if found.id in batch:
                    batch[found.id]["reports"] += 1
                else:
                    bumps[found.id] += 1
                continue
        new_events[pair].append(row)
        reporters[report.id] = {report.article_id}
    # Ascending ids: concurrent PostgreSQL writers lock shared rows in one order.
    for event_id in sorted(bumps):
        stmt = update(events).where(_C.id == event_id)
        conn.execute(stmt.values(reports=_C.reports + bumps[event_id]))


def _pair_key(pair: frozenset[str]) -> int:
    """A stable signed 64-bit key for an unordered pair (PostgreSQL advisory locks)."""
    digest = hashlib.blake2b("|".join(sorted(map(str, pair))).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock_pairs(conn: Connection, reports: Sequence[Report]) -> None:
    """PostgreSQL: hold a transaction lock on each pair about to be linked, so that two
    writers reporting one event at once cannot both miss the other's uncommitted row and
    store it twice: the second waits for the first's commit, then finds its event. Keys
    are taken in ascending order (no deadlock between writers); SQLite needs nothing, its
    writer already holds the database's write lock."""
    if conn.dialect.name != "postgresql":
        return
    keys = sorted(
        {_pair_key(frozenset((r.source, r.target))) for r in reports if rules.linkable(r)}
    )
    for key in keys:
        conn.execute(select(func.pg_advisory_xact_lock(key)))


class _Nearby:
    """Stored rows of one pair and root, in date order, with their dates for bisection
    (a busy pair holds thousands of rows in a batch's window; each new row wants the few
    within two days of its own)."""

    def __init__(self, rows: list[tuple[Report, bool]]) -> None:
        rows.sort(key=lambda r: r[0].date)  # type: ignore[arg-type,return-value]
        self.rows = rows
        self.dates = [r.date for r, _ in rows]

    def between(self, lo: Any, hi: Any) -> list[tuple[Report, bool]]:
        return self.rows[bisect_left(self.dates, lo) : bisect_right(self.dates, hi)]


_NONE = _Nearby([])


def _stored_near(
    conn: Connection, reports: Sequence[Report]
) -> dict[tuple[frozenset[str], str], _Nearby]:
    """The stored rows (and whether each is an event) of every pair and root of the
    linkable ``reports`` on the days within the window of one of them: one query per pair
    (an index seek per day), not per row."""
    reach = [timedelta(days=d) for d in range(-rules.WINDOW_DAYS, rules.WINDOW_DAYS + 1)]
    spans: dict[frozenset[str], tuple[Report, set[Any], set[str]]] = {}
    for r in reports:
        if not rules.linkable(r):
            continue
        pair = frozenset((r.source, r.target))
        first = spans.setdefault(pair, (r, set(), set()))
        first[1].update(r.date + d for d in reach)  # type: ignore[operator]
        first[2].add(r.root)
    found: dict[tuple[frozenset[str], str], list[tuple[Report, bool]]] = defaultdict(list)
    for pair, (r, days, roots) in spans.items():
        params = {"a": r.source, "b": r.target, "days": sorted(days)}
        for row in conn.execute(_CANDIDATES, params).mappings():
            # A link never crosses roots (rules.codes_compatible). The root is tested here,
            # not in SQL: a root condition there can lure SQLite's planner off the pair index.
            if row["root"] in roots:
                found[(pair, row["root"])].append((_report(row), row["event_id"] is None))
    return {key: _Nearby(rows) for key, rows in found.items()}


def _effective(report: Report, codes: Mapping[int, str]) -> Report:
    code = codes.get(report.id)
    return report if code is None else replace(report, code=code)


def _load_reporters(conn: Connection, ids: list[int], reporters: dict[int, set[str]]) -> None:
    """Fill ``reporters`` for stored events not yet in it (their rows' articles)."""
    missing = [i for i in ids if i not in reporters]
    if not missing:
        return
    for i in missing:
        reporters[i] = set()
    found = conn.execute(select(_C.id, _C.article_id).where(_C.id.in_(missing)))
    for event_id, article_id in found:
        reporters[event_id].add(article_id)
    for event_id, article_id in conn.execute(_REPORTED_BY, {"ids": missing}):
        reporters[event_id].add(article_id)


def unlink_article(conn: Connection, article_id: str) -> set[tuple[str, str]]:
    """Before an article's event rows are deleted: its reports leave their events' counts,
    and each of its events that other articles reported passes to the oldest of those
    reports (promoted to canonical). Returns the promoted rows' pairs, whose rollups must
    be recomputed."""
    own = conn.execute(select(_C.id, _C.event_id).where(_C.article_id == article_id)).all()
    mine = {r.id for r in own}
    # An article counts once per event (two rows of one sentence may report it), and not
    # for its own events (they pass to an heir below).
    for event_id in sorted({r.event_id for r in own if r.event_id is not None} - mine):
        stmt = update(events).where(_C.id == event_id)
        conn.execute(stmt.values(reports=_C.reports - 1))
    return _promote(conn, [r.id for r in own if r.event_id is None], article_id)


def _promote(conn: Connection, event_ids: Iterable[int], article_id: str) -> set[tuple[str, str]]:
    ids = sorted(event_ids)
    if not ids:
        return set()
    others = conn.execute(
        select(_C.id, _C.event_id, _C.source, _C.target, _C.article_id)
        .where(_C.event_id.in_(ids), _C.article_id != article_id)
        .order_by(_C.event_id, _C.id)
    ).all()
    groups: dict[int, list[Any]] = defaultdict(list)
    for r in others:
        groups[r.event_id].append(r)
    pairs: set[tuple[str, str]] = set()
    for members in groups.values():
        heir, rest = members[0], [m.id for m in members[1:]]
        articles = len({m.article_id for m in members})
        conn.execute(update(events).where(_C.id == heir.id).values(event_id=None, reports=articles))
        if rest:
            conn.execute(update(events).where(_C.id.in_(rest)).values(event_id=heir.id))
        pairs.add((heir.source, heir.target))
    return pairs


def reports_of(event_id: int) -> Any:
    """Rows of an event: its canonical row and the reports pointing at it."""
    return or_(and_(_C.id == event_id, _C.event_id.is_(None)), _C.event_id == event_id)
