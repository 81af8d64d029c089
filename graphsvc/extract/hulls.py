"""Warships named with their navy's hull prefix ("HMS Richmond", "USS Ralph Johnson"): the
prefix says which state the ship sails for, as an adjective would ("a British frigate").

Prefixes that two navies share are read as the navy that uses them most in English-language
reporting (INS: India; Israel's ships are rarely reported with it). Prefixes that are also
common words or acronyms (ITS, RSS, SPS, BNS) are left out, and the ship's name must be in
title case, so an all-capitals headline ("SAYS ITS TROOPS") names no ship.
"""

from __future__ import annotations

import re

from graphsvc.extract.mentions import Mention

HULL_PREFIXES: dict[str, str] = {
    "HMS": "GBR",
    "USS": "USA",
    "USNS": "USA",
    "USCGC": "USA",
    "INS": "IND",
    "HMCS": "CAN",
    "HMAS": "AUS",
    "HMNZS": "NZL",
    "FS": "FRA",
    "ROKS": "KOR",
    "JS": "JPN",
    "TCG": "TUR",
    "HNLMS": "NLD",
    "FGS": "DEU",
    "BRP": "PHL",
    "KRI": "IDN",
    "PNS": "PAK",
    "HNoMS": "NOR",
    "HDMS": "DNK",
    "HSwMS": "SWE",
    "HTMS": "THA",
    "ORP": "POL",
    "NRP": "PRT",
    "SLNS": "LKA",
    "ARA": "ARG",
}
_NAME = r"[A-Z][a-z][\w'’-]*"
HULL = re.compile(
    r"\b(" + "|".join(sorted(HULL_PREFIXES, key=len, reverse=True)) + r")\s+"
    rf"({_NAME}(?:\s+(?:of\s+(?:the\s+)?)?{_NAME}){{0,3}})"
)
CONFIDENCE = 0.9  # a prefix is a strong but not certain sign (a few are shared)


def hull_mentions(text: str) -> list[Mention]:
    """One mention per prefixed ship name, standing for its navy's state (sector MIL)."""
    out = []
    for m in HULL.finditer(text):
        code = HULL_PREFIXES[m.group(1)]
        out.append(
            Mention(
                m.start(),
                m.end(),
                m.group(),
                code,
                "adjective",
                "MIL",
                (code,),
                CONFIDENCE,
            )
        )
    return out


def with_hulls(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the ship names added; a gazetteer mention inside a ship's name
    ("HMS Prince of Wales") is part of the name, not a second actor."""
    ships = hull_mentions(text)
    if not ships:
        return mentions
    kept = [m for m in mentions if not any(s.start <= m.start < s.end for s in ships)]
    return sorted([*kept, *ships], key=lambda m: m.start)
