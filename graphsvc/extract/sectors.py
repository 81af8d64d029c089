"""Sector of an actor mention from the nouns that follow it ("Russian troops" -> MIL).

The lexicon lives in ``data/sectors.yaml``. A *noun run* is the short stretch of sector
words and modifiers right after a national adjective or possessive ("Foreign Ministry
spokeswoman", "military units"); it ends at the first word that is neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from graphsvc.extract.gazetteer import DATA_DIR, name_key

FORMER_WORDS = frozenset({"former", "ex"})


@dataclass(frozen=True, slots=True)
class HeadRun:
    """What the noun run after a mention says: where it ends and which sector it names."""

    end: int  # token index after the last sector word; == start when none was found
    sector: str | None
    actor_like: bool  # a sector or neutral word was found ("Russian troops", "the Armenian side")
    former: bool
    head: str = ""  # the last sector word, lower case ("leader", "foreign minister")


@dataclass(frozen=True, slots=True)
class _Word:
    sector: str | None
    strong: bool


class SectorLexicon:
    """Phrase table of sector words (lower-case token tuples) and run modifiers."""

    def __init__(self, path: Path = DATA_DIR / "sectors.yaml") -> None:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        self.phrases: dict[tuple[str, ...], _Word] = {}
        for strength in ("generic", "strong"):  # strong entries overwrite generic duplicates
            for sector, words in (data.get(strength) or {}).items():
                for w in words:
                    self.phrases[self._key(w)] = _Word(sector, strength == "strong")
        for w in data.get("neutral") or []:
            self.phrases[self._key(w)] = _Word(None, False)
        self.modifiers = frozenset(k for w in data.get("modifiers") or [] for k in self._key(w))
        self.longest = max((len(k) for k in self.phrases), default=1)
        self.first_words = frozenset(k[0] for k in self.phrases)

    @staticmethod
    def _key(phrase: str) -> tuple[str, ...]:
        return tuple(k.lower() for k in name_key(phrase))

    def phrase_at(self, lower: Sequence[str], i: int) -> tuple[int, _Word] | None:
        if i >= len(lower) or lower[i] not in self.first_words:
            return None
        for n in range(min(self.longest, len(lower) - i), 0, -1):
            word = self.phrases.get(tuple(lower[i : i + n]))
            if word is not None:
                return i + n, word
        return None

    def head_run(
        self, lower: Sequence[str], start: int, window: int = 4, stop: int | None = None
    ) -> HeadRun:
        """Read the noun run beginning at token ``start`` (lower-cased token keys), ending
        at ``stop`` at the latest."""
        if stop is not None and stop < len(lower):
            lower = lower[start:stop]
            run = self.head_run(lower, 0, window)
            return HeadRun(run.end + start, run.sector, run.actor_like, run.former, run.head)
        j = start
        end = start
        strong: str | None = None
        generic: str | None = None
        found = False
        former = False
        head = ""
        words = 0
        skipped = False
        while j < len(lower) and words < window:
            hit = self.phrase_at(lower, j)
            if hit is not None:
                j_next, word = hit
                found = True
                head = " ".join(lower[j:j_next])
                if word.strong and strong is None:
                    strong = word.sector
                elif not word.strong:
                    generic = word.sector
                j = end = j_next
                words += 1
                continue
            key = lower[j]
            if key in self.modifiers:
                former = former or key in FORMER_WORDS
                j += 1
                words += 1
                continue
            if key == "-" and j > start and j + 1 < len(lower):  # "state-run", "ex-president"
                j += 1
                continue
            if not skipped and key.isalpha() and self.phrase_at(lower, j + 1) is not None:
                skipped = True  # one unlisted word before a head: "irrigation ministry"
                j += 1
                words += 1
                continue
            break
        sector = strong or generic
        if former and found and sector in (None, "GOV"):
            sector = "ELI"
        return HeadRun(end, sector, found, former, head)


@lru_cache(maxsize=4)
def load_sectors(path: Path = DATA_DIR / "sectors.yaml") -> SectorLexicon:
    return SectorLexicon(path)
