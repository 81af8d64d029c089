"""Gold identities of reports: which stored event rows are reports of which real event.

A gold line names an article, an actor pair (``directed``: in that order only; otherwise
either order), a CAMEO root and the event. The coder may emit several rows of one event in
one article (a visit gives ``042`` and the talks ``040``; a vague "this year" a second
row): an article's report of a gold event is its first emitted row of it (lowest id).
Rows no gold line names (other events the coder found on the way) are not scored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graphsvc.models import Event


@dataclass(frozen=True, slots=True)
class GoldLine:
    article: str
    pair: tuple[str, str]
    root: str
    event: str
    directed: bool = False

    def names(self, e: Event) -> bool:
        if e.article_id != self.article or e.root != self.root:
            return False
        if (e.source, e.target) == self.pair:
            return True
        return not self.directed and (e.target, e.source) == self.pair


def load(path: Path) -> list[GoldLine]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            out.append(GoldLine(raw["article"], tuple(raw["pair"]), raw["root"], raw["event"],
                                bool(raw.get("directed", False))))  # fmt: skip
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a gold line ({exc})") from None
    return out


def assignments(
    rows: Iterable[Event], gold: list[GoldLine]
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], str]]:
    """(predicted, gold) clusterings keyed by (article, gold event): the predicted event
    (canonical id) of the article's first row naming it, and the gold event."""
    predicted: dict[tuple[str, str], int] = {}
    truth: dict[tuple[str, str], str] = {}
    for e in sorted(rows, key=lambda r: r.id or 0):
        for line in gold:
            key = (line.article, line.event)
            if key not in predicted and line.names(e):
                assert e.id is not None
                predicted[key] = e.event_id if e.event_id is not None else e.id
                truth[key] = line.event
    return predicted, truth
