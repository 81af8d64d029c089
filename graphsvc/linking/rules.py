"""When two reports are one event.

A new report R links to a stored event E (a canonical row) when all of these hold:

- **actors**: the same ordered pair, or the reverse pair when either is symmetric ("Russia
  and Turkey held talks" is stored once, first-named actor as source);
- **code**: the same CAMEO code, or the same root with one code the parent of the other
  (``0231`` under ``023``) or the root's generic code (``040`` "consult" covers ``041``
  "discuss by telephone" and ``042`` "make a visit": outlets word one meeting at different
  levels of detail). Two different specific codes (a call ``041`` and a visit ``042``)
  never link. A generic code stated in the same sentence as a specific one of its root
  and pair ("Lavrov visited Ankara for talks": ``042`` and ``040``) stands for that
  specific code (``effective_codes``): the talks of a visit are not a phone call;
- **negation**: neither is negated (a denial is not a report of the event);
- **date**: both dated to the day within ``WINDOW_DAYS`` of each other. A date resolved from
  the text (precision ``day``) or the story's own date (``published``: wire copy that says
  no day is about the day it was filed) counts; ``week``/``month``/``year``/``none``
  precision never links — a month holds many calls between the same two leaders;
- **article**: R's article has no report of E yet (within one article the extractor
  already merges restatements into ``mentions``);
- **sentence**: the sentences share words: content-word Jaccard similarity at least
  ``MIN_SIMILARITY`` (``MIN_SIMILARITY_GENERIC`` when the codes differ). Among several
  candidates the most similar wins, then the closest date, then the oldest event.
- rows of one sentence of one article with the same pair and root (the coder read "discussed
  … in a phone call" as ``040`` and ``041``) follow each other: once one is linked to an
  event, the other is the same report of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

WINDOW_DAYS = 2
MIN_SIMILARITY = 0.05
# A generic code meeting a specific one ("held talks" and "made a visit") needs more shared
# words than the same code: the generic one could be any event of its root that day.
MIN_SIMILARITY_GENERIC = 0.15
LINKABLE_PRECISIONS = frozenset({"day", "published"})

# Function words and reporting verbs every wire sentence has; they say nothing about which
# event it is. Kept short on purpose: actor names, places and topics are what tell apart.
_STOP_WORDS = (
    "a an and are as at be been but by for from had has have he her his in into is it "
    "its of on or said says she than that the their they this to was were which while "
    "who will with would after before also over under about against between during mr ms"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Report:
    """What linking reads of an event row."""

    id: int
    source: str
    target: str
    code: str
    root: str
    date: date | None
    date_precision: str
    sentence: str
    article_id: str
    symmetric: bool = False
    negated: bool = False
    sentence_start: int = -1


def effective_codes(reports: Iterable[Report]) -> dict[int, str]:
    """id -> the specific code a generic-coded report stands for, for the reports whose
    article has, in the same sentence and pair, a specific code of the same root."""
    groups: dict[tuple[str, int, frozenset[str], str], list[Report]] = {}
    for r in reports:
        key = (r.article_id, r.sentence_start, frozenset((r.source, r.target)), r.root)
        groups.setdefault(key, []).append(r)
    out: dict[int, str] = {}
    for members in groups.values():
        specific = sorted(m.code for m in members if not _generic(m.code))
        if specific:
            out.update((m.id, specific[0]) for m in members if _generic(m.code))
    return out


def _generic(code: str) -> bool:
    return len(code) == 3 and code.endswith("0")


def linkable(r: Report) -> bool:
    """Whether ``r`` can be linked at all (dated to the day, not negated)."""
    return not r.negated and r.date is not None and r.date_precision in LINKABLE_PRECISIONS


def codes_compatible(a: str, b: str) -> bool:
    """Same code, or same root and one the parent or the root's generic code of the other."""
    if a == b:
        return True
    if a[:2] != b[:2]:
        return False
    generic = a[:2] + "0"
    if generic in (a, b):
        return True
    return a.startswith(b) or b.startswith(a)


def actors_compatible(new: Report, old: Report) -> bool:
    if (new.source, new.target) == (old.source, old.target):
        return True
    reverse = (new.source, new.target) == (old.target, old.source)
    return reverse and (new.symmetric or old.symmetric)


def words(sentence: str) -> frozenset[str]:
    """Content words of a sentence, lower-cased (the ``s`` of a possessive, digits and
    function words dropped)."""
    return frozenset(
        w
        for w in _WORD.findall(sentence.lower())
        if len(w) > 1 and w not in _STOP and not w.isdigit()
    )


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the sentences' content words (0 when either has none)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def compatible(new: Report, old: Report) -> bool:
    """Every rule but the article one and the sentence one (see the module docstring)."""
    if not (linkable(new) and linkable(old)):
        return False
    assert new.date is not None and old.date is not None
    return (
        abs((new.date - old.date).days) <= WINDOW_DAYS
        and codes_compatible(new.code, old.code)
        and actors_compatible(new, old)
    )


def best_match(
    new: Report, candidates: Iterable[Report], *, min_similarity: float | None = None
) -> Report | None:
    """The event ``new`` reports among ``candidates`` (canonical rows not already reported
    by ``new``'s article), or None: a new event. ``min_similarity`` defaults to
    ``MIN_SIMILARITY`` (read at the call: bench/linking_eval.py sweeps it)."""
    if min_similarity is None:
        min_similarity = MIN_SIMILARITY
    best: tuple[float, int, int] | None = None
    found: Report | None = None
    for old in candidates:
        if old.article_id == new.article_id or not compatible(new, old):
            continue
        score = similarity(new.sentence, old.sentence)
        floor = (
            min_similarity if new.code == old.code else max(min_similarity, MIN_SIMILARITY_GENERIC)
        )
        if score < floor:
            continue
        assert new.date is not None and old.date is not None
        key = (score, -abs((new.date - old.date).days), -old.id)
        if best is None or key > best:
            best, found = key, old
    return found
