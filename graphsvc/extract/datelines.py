"""Datelines: "ABUJA (Reuters) -", "MOSCOW, Dec 4 (AP) —", "Canberra, May 3:".

The place a story was filed from opens a paragraph; it is where the reporter sat, not a party
to anything the sentence goes on to say ("ABUJA (Reuters) - The bloc imposed sanctions on
Niger" is no Nigerian act). Mentions inside a dateline are dropped from the actors; the place
stays known as a site ("struck the city").
"""

from __future__ import annotations

import re

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"  # "Dec", "December"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?"
_NAME = r"[A-Z][A-Za-z.'\u2019-]*(?:[ /][A-Z][A-Za-z.'\u2019-]*){0,3}"
_AGENCY = r"\([A-Za-z][A-Za-z0-9 .&/-]{0,30}\)"
# a hyphen or colon then a space; an en or em dash may touch the text ("WARSAW\u2014Ukraine")
_DASH = r"(?:(?:-{1,2}|:)[ \t]+|[\u2013\u2014][ \t]*)"
# place [, region or country] [, date] [(agency)] dash-or-colon
_DATELINE = re.compile(
    rf"[ \t]*(?P<place>{_NAME})(?:,\s*(?P<region>{_NAME}))??(?:,\s*(?P<date>{_DATE}))?"
    rf"\s*(?P<agency>{_AGENCY})?\s*{_DASH}(?=\S)"
)
_LINE = re.compile(r"[^\n]+")


def _shouting(words: str | None) -> bool:
    letters = [c for c in words or "" if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _is_dateline(m: re.Match[str]) -> bool:
    """A capitalised phrase before a dash is a dateline only with a sign of one: an agency in
    brackets, a date, or the place or the agency after it in capitals ("BEIJING —",
    "Phnom Penh, MINA –"); "Ukraine - the latest" is not."""
    shouting = _shouting(m.group("place")) or _shouting(m.group("region"))
    return bool(m.group("agency") or m.group("date") or shouting)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every dateline opening a line of ``text``."""
    out = []
    for line in _LINE.finditer(text):
        m = _DATELINE.match(line.group())
        if m is not None and _is_dateline(m):
            out.append((line.start() + m.start("place"), line.start() + m.end()))
    return out
