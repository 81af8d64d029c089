"""/changes as the service answers it: the windows from the request, the per-window sums
from the store, the scores from analysis/changes.py, and the events behind each change.

``ChangeFinder`` takes the store's parts as callables, so this layer does not import the
service or the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from graphsvc.analysis.changes import (
    ChangeRules,
    DyadChange,
    DyadWindows,
    WindowSums,
    score_changes,
)
from graphsvc.analysis.workbench import Cached
from graphsvc.models import Event, EventFilter

DEFAULT_WINDOW = 30


class WindowSumsOf(Protocol):
    def __call__(
        self, starts: Sequence[date], end: date, *, min_confidence: float = 0.0
    ) -> list[tuple[str, str, int, int, float, float]]: ...


class ExtremeEvents(Protocol):
    def __call__(
        self,
        pair: tuple[str, str],
        start: date,
        end: date,
        *,
        lowest: bool,
        limit: int,
        min_confidence: float = 0.0,
    ) -> list[Event]: ...


@dataclass(frozen=True, slots=True)
class Windows:
    since: date  # first day of the recent window
    until: date  # its last day
    days: int
    baseline_from: date  # first day of the oldest baseline window
    baselines: int

    @property
    def starts(self) -> list[date]:
        """Start of every window, the oldest baseline first and the recent one last."""
        return [_days_before(self.since, self.days * k) for k in range(self.baselines, -1, -1)]


@dataclass(frozen=True, slots=True)
class ChangeFound:
    change: DyadChange
    lowest: list[Event]  # the recent window's most negative events
    highest: list[Event]  # and its most positive


@dataclass(frozen=True, slots=True)
class ChangeReport:
    windows: Windows
    rules: ChangeRules
    dyads_scored: int  # dyads with events in the windows
    changes: list[ChangeFound]


def plan_windows(
    since: date | None, window: int | None, baselines: int, last_event: date | None
) -> Windows:
    """The recent window starts at ``since`` and lasts ``window`` days; by default it runs
    to the newest event's date (or, without ``since``, is the last 30 days to it). Windows
    are cut at the ends of the calendar (no event is dated there)."""
    newest = last_event or date.today()
    if window is None:
        window = DEFAULT_WINDOW if since is None else max((newest - since).days + 1, 1)
    if since is None:
        since = newest - timedelta(days=min(window - 1, (newest - date.min).days))
    return Windows(
        since=since,
        until=since + timedelta(days=min(window - 1, (date.max - since).days)),
        days=window,
        baseline_from=_days_before(since, window * baselines),
        baselines=baselines,
    )


def _days_before(day: date, days: int) -> date:
    return day - timedelta(days=min(days, (day - date.min).days))


def dyad_windows(
    rows: list[tuple[str, str, int, int, float, float]], baselines: int
) -> list[DyadWindows]:
    """Store rows (a, b, window, n, sum, squares) → one DyadWindows per dyad, empty
    windows filled with zeros; window ``baselines`` is the recent one."""
    per_dyad: dict[tuple[str, str], list[WindowSums]] = defaultdict(
        lambda: [WindowSums()] * (baselines + 1)
    )
    for a, b, window, n, total, squares in rows:
        if 0 <= window <= baselines:
            per_dyad[(a, b)][window] = WindowSums(n, total, squares)
    return [
        DyadWindows(a, b, sums[:baselines], sums[baselines])
        for (a, b), sums in sorted(per_dyad.items())
    ]


@dataclass(frozen=True, slots=True)
class ChangeFinder:
    window_sums: WindowSumsOf
    extreme_events: ExtremeEvents
    last_event_date: Callable[[], date | None]
    cached: Cached  # answers kept until the store changes

    def find(
        self,
        *,
        since: date | None,
        window: int | None,
        baselines: int,
        rules: ChangeRules,
        limit: int,
        per_dyad: int = 3,
        min_confidence: float = 0.0,
    ) -> ChangeReport:
        """The dyads that changed most, counting only events of at least ``min_confidence``."""
        key = f"changes:{since}:{window}:{baselines}:{rules}:{limit}:{per_dyad}:{min_confidence}"
        return self.cached(
            key,
            EventFilter(),
            lambda: self._find(since, window, baselines, rules, limit, per_dyad, min_confidence),
        )

    def _find(
        self,
        since: date | None,
        window: int | None,
        baselines: int,
        rules: ChangeRules,
        limit: int,
        per_dyad: int,
        min_confidence: float = 0.0,
    ) -> ChangeReport:
        plan = plan_windows(since, window, baselines, self.last_event_date())
        sums = self.window_sums(plan.starts, plan.until, min_confidence=min_confidence)
        dyads = dyad_windows(sums, baselines)
        changes = score_changes(dyads, rules)[:limit]
        found = [
            ChangeFound(
                change=c,
                lowest=self._events(c, plan, True, per_dyad, min_confidence),
                highest=self._events(c, plan, False, per_dyad, min_confidence),
            )
            for c in changes
        ]
        return ChangeReport(plan, rules, len(dyads), found)

    def _events(
        self, c: DyadChange, plan: Windows, lowest: bool, limit: int, min_confidence: float
    ) -> list[Event]:
        if limit == 0:
            return []
        return self.extreme_events(
            (c.a, c.b), plan.since, plan.until, lowest=lowest, limit=limit,
            min_confidence=min_confidence,
        )  # fmt: skip
