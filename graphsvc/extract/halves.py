"""The halves of a divided country named by direction: "the North" in a Korea story.

Wire copy about the Korean peninsula calls the two states "the North" and "the South" once it
has named them ("North Korea fired a missile … the North's third launch this month"). The
short forms are read as those states only after the story has named the North (and, for
"the South", the peninsula); anywhere else "the North" is a region, not a state.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from graphsvc.extract.mentions import Mention

NORTH, SOUTH = "PRK", "KOR"
# "the North", "the North's" — not "the North Atlantic", "the North and the South of Sudan"
_HALF = re.compile(r"\b[Tt]he (?P<side>North|South)\b(?!-|\s+[A-Z])")


def with_halves(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` plus "the North"/"the South" for Korea stories that named the North."""
    norths = [m for m in mentions if m.code == NORTH and m.kind in ("country", "capital")]
    if not norths or ("North" not in text and "South" not in text):
        return mentions
    starts = [m.start for m in mentions]
    added = []
    for hit in _HALF.finditer(text):
        if hit.start() < norths[0].start:
            continue  # before the story named the North
        k = bisect_left(starts, hit.start())
        if k < len(mentions) and mentions[k].start < hit.end():
            continue  # already a mention ("the South China Sea" is matched elsewhere)
        code = NORTH if hit.group("side") == "North" else SOUTH
        added.append(replace(norths[0], start=hit.start(), end=hit.end(), text=hit.group(),
                             code=code, codes=(code,), kind="country", sector=None))  # fmt: skip
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)
