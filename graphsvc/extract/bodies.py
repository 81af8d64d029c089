"""An organisation's bodies and officers named bare, once the story has named it.

The gazetteer leaves "Security Council", "General Assembly" and "Secretary-General" out on
their own: national security councils and party secretaries-general share the words. In a
story that names the United Nations they are its council and assembly ("the UN condemned …
The Security Council met on Monday"); a bare "the Secretary-General" is the head of the
organisation named last before it ("NATO foreign ministers met … The Secretary-General said").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from graphsvc.extract.mentions import Mention

UN = "UNO"
_UN_BODY = re.compile(r"\b(?:the\s+)?(?:Security Council|General Assembly)\b")
_HEAD = re.compile(r"\b(?:the\s+)?Secretary[- ]General\b(?!\s+[A-Z])")  # a name after: persons


def with_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` plus the bare bodies and officers the story's organisations explain."""
    orgs = [m for m in mentions if m.kind == "igo"]
    if not orgs:
        return mentions
    starts = [m.start for m in mentions]
    un = next((m for m in orgs if m.code == UN), None)
    added: list[Mention] = []
    if un is not None:
        for hit in _UN_BODY.finditer(text):
            if not _covered(mentions, starts, hit.start(), hit.end()):
                added.append(_mention(un, hit))
    org_starts = [m.start for m in orgs]
    for hit in _HEAD.finditer(text):
        before = bisect_left(org_starts, hit.start())
        if before and not _covered(mentions, starts, hit.start(), hit.end()):
            added.append(_mention(orgs[before - 1], hit))
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)


def _mention(org: Mention, hit: re.Match[str]) -> Mention:
    return replace(org, start=hit.start(), end=hit.end(), text=hit.group())


def _covered(mentions: list[Mention], starts: list[int], start: int, end: int) -> bool:
    """Whether a mention already overlaps [start, end) ("UN Security Council")."""
    k = bisect_left(starts, end)
    return any(m.end > start for m in mentions[max(0, k - 3) : k])
