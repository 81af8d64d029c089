"""Officials of "the country" the story has just named: "the country's authorities".

"The UN said the Myanmar army had committed abuses … But the country's authorities rejected
the report": a state's officials named through "the country's" belong to the state named
last before them. Only officials, bodies and offices count ("the country's Muslims" are no
actor); the state must be the last one named, and named by itself (not as a list).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from graphsvc.extract.mentions import Mention

_OFFICIALS = (
    r"authorities|government|leadership|president|leader|army|military|armed forces|officials|"
    r"foreign ministry|foreign minister|prime minister|defen[cs]e ministry|ambassador|embassy"
)
_THE_COUNTRY = re.compile(rf"\b[Tt]he country['\u2019]s (?:{_OFFICIALS})\b")
STATE_KINDS = frozenset({"country", "adjective", "demonym", "capital", "seat", "person"})


def with_the_country(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` plus "the country's <officials>" resolved to the last state named."""
    if "country" not in text:
        return mentions
    starts = [m.start for m in mentions]
    added = []
    for hit in _THE_COUNTRY.finditer(text):
        k = bisect_left(starts, hit.start())
        if k < len(mentions) and mentions[k].start < hit.end():
            continue  # already a mention
        before = [m for m in mentions[:k] if m.kind in STATE_KINDS]
        if not before or len(before[-1].codes or (before[-1].code,)) != 1:
            continue
        state = before[-1]
        added.append(
            replace(
                state,
                start=hit.start(),
                end=hit.end(),
                text=hit.group(),
                kind="reference",
                sector="GOV",
                confidence=min(state.confidence, 0.9),
            )
        )
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)
