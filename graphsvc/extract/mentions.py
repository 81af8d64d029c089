"""Actor mentions in a document: gazetteer names, learned persons and references.

``ActorResolver.find_mentions`` is pure text processing (a regex tokenizer and dictionary
look-ups, no parser): it finds states, adjectives, demonyms, capitals and seats, IGOs and
tabled leaders, learns people introduced with a title ("Armenian Prime Minister Nikol
Pashinian"), resolves references ("the Russian leader", "the two countries") and returns
non-overlapping mentions in document order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from graphsvc.extract.gazetteer import Gazetteer, Tokens, load_gazetteer, tokenize
from graphsvc.extract.persons import (
    Cand,
    learn_persons,
    match_learned,
    not_name_words,
    resolve_person,
)
from graphsvc.extract.references import find_references
from graphsvc.extract.sectors import SectorLexicon, load_sectors
from graphsvc.models import Actor, AliasEntry
from graphsvc.settings import Settings

CAPITAL_CONFIDENCE = 0.8
# How far a headline reaches either side of a name (_title_case_line); longer lines are text.
HEADLINE_MAX = 1000
_THE = frozenset({"the", "The"})
# Kinds whose names are also people's names or places abroad ("Chad Smith", "Jordan
# Henderson", "George Washington", "Washington Post"): a capitalised neighbour vetoes them.
_NAME_SENSITIVE = frozenset({"country", "capital"})
# Capitalised heads after an adjective that make it a proper name, not an actor
# ("Persian Gulf", "Turkish Airlines", "Russian Orthodox Church").
_NON_ACTOR_HEADS = frozenset(
    {
        "Gulf", "Sea", "Ocean", "Empire", "Airlines", "Airways", "Cup", "Grand", "Open",
        "Revolution", "Orthodox", "Church", "Peninsula", "Riviera", "Plateau", "Basin",
        "Lira", "Rouble", "Ruble", "Pound", "Riyal", "Dinar", "Rupee", "Yuan", "Won",
        "Prix", "Railways", "Telecom", "Football", "League",
    }
)  # fmt: skip
# Official-style names take "the": "the Democratic Republic of Congo", "the United Kingdom".
_THE_NOUNS = frozenset(
    {"Republic", "Kingdom", "States", "Emirates", "Islands", "Federation", "Union", "See"}
)
_WATERS = frozenset({"Gulf", "Bay", "Sea", "Strait", "Straits", "Lake", "River", "Horn"})
_STANCE = frozenset({"pro", "anti", "Pro", "Anti"})
# "Russian-made", "Bosnia-style": the name describes a thing, not an actor.
# "Russian-made rockets" describe, not involve, Russia; "a British-flagged tanker" does
# involve Britain (its flag state is a party: arguments.OWNER_PARTICIPLES), so it stays.
_DESCRIPTIVE_SUFFIXES = frozenset(
    {"made", "born", "based", "style", "speaking", "built", "trained", "educated", "language",
     "type", "class", "era"}
)  # fmt: skip
_PREDECESSOR_ADJECTIVES = frozenset({"Soviet", "Yugoslav", "Czechoslovak"})
# statuses written capitalised before a state's name ("NATO Ally Turkey", "EU Member Malta")
_STATUS_TITLES = frozenset({"Ally", "Allies", "Member", "Members", "Candidate", "Candidates"})


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # char offsets into the document text, end-exclusive
    end: int
    text: str
    code: str  # actor code; for plural references the first of ``codes``
    kind: str  # country | igo | adjective | demonym | seat | capital | person | reference
    sector: str | None = None  # GOV, MIL, DIP, ... (None = the state as a whole)
    codes: tuple[str, ...] = ()  # every code referred to; (code,) for singular mentions
    confidence: float = 1.0


@lru_cache(maxsize=8)
def _shared_gazetteer(extra_path: str | None, mtime: float) -> Gazetteer:
    extra: list[AliasEntry] = []
    if extra_path is not None:
        from graphsvc.extract.user_actors import load_user_actors  # written by another module

        extra = list(load_user_actors(Path(extra_path)))
    return load_gazetteer(extra=extra)


def shared_gazetteer(extra_actors: Path | None) -> Gazetteer:
    """The gazetteer with the user's actors file, loaded once per process (and again when
    the file changes): the extractor and the actor search share it."""
    mtime = (
        extra_actors.stat().st_mtime if extra_actors is not None and extra_actors.exists() else 0.0
    )
    return _shared_gazetteer(str(extra_actors) if extra_actors is not None else None, mtime)


class ActorResolver:
    """Finds actor mentions; build once (the tables load in the constructor) and reuse."""

    def __init__(
        self, settings: Settings | None = None, *, gazetteer: Gazetteer | None = None
    ) -> None:
        if gazetteer is None:
            gazetteer = shared_gazetteer((settings or Settings()).extra_actors)
        self.gazetteer = gazetteer
        self.sectors: SectorLexicon = load_sectors()
        self._plain_words = not_name_words()
        self._title_words = frozenset(
            w.capitalize() for key in self.sectors.phrases for w in key
        ) | frozenset(w.capitalize() for w in self.sectors.modifiers)

    # ------------------------------------------------------------------ public API

    def actors(self) -> list[Actor]:
        return sorted(self.gazetteer.actors.values(), key=lambda a: a.code)

    def label(self, code: str) -> str:
        return self.gazetteer.label(code)

    def find_mentions(
        self, text: str, published: date | None, *, places: bool = False
    ) -> list[Mention]:
        """Actor mentions in text order; with ``places``, also the non-capital places of
        places.yaml (kind "place"), which the coder only reads as the site of an attack."""
        toks = tokenize(text)
        lower = [k.lower() for k in toks.keys]
        cands = self._drop_distractors(toks, self._scan(toks, published))
        sites = [c for c in cands if c.kind == "place"]
        cands = [c for c in cands if c.kind != "place"]
        self._assign_sectors(toks, lower, cands)
        learned = learn_persons(toks, lower, cands, self.sectors)
        cands = match_learned(toks, cands, learned)
        cands = find_references(toks, lower, cands, self.sectors, self.gazetteer.is_igo)
        found = [self._to_mention(toks, c) for c in cands]
        if places and sites:
            taken = {k for c in cands for k in range(c.i, c.j)}
            found += [self._to_mention(toks, c) for c in sites if c.i not in taken]
            found.sort(key=lambda m: m.start)
        return found

    # ------------------------------------------------------------------ steps

    def _scan(self, toks: Tokens, published: date | None) -> list[Cand]:
        """Longest gazetteer match at every token, left to right."""
        keys = toks.keys
        max_len = self.gazetteer.max_len
        out: list[Cand] = []
        i = 0
        n = len(keys)
        while i < n:
            if keys[i] not in max_len:
                i += 1
                continue
            hit = self.gazetteer.match_at(keys, i) or self._ellipsis_at(keys, i)
            if hit is None:
                i += 1
                continue
            j, entries = hit
            cand = self._cand(toks, i, j, entries, published)
            if cand is None:
                i += 1
                continue
            out.append(cand)
            i = j
        return out

    def _ellipsis_at(self, keys: list[str], i: int) -> tuple[int, list[AliasEntry]] | None:
        """ "North and South Korea": the first conjunct borrows the rest of the second name."""
        if i + 3 >= len(keys) or keys[i + 1] not in ("and", "or"):
            return None
        second = self.gazetteer.match_at(keys, i + 2)
        if second is None or second[0] - (i + 2) < 2:
            return None
        found = self.gazetteer.index.get((keys[i], *keys[i + 3 : second[0]]))
        return (i + 1, found) if found else None

    def _cand(
        self, toks: Tokens, i: int, j: int, entries: list[AliasEntry], published: date | None
    ) -> Cand | None:
        keys = toks.keys
        if i >= 2 and keys[i - 1] == "-" and keys[i - 2] in _STANCE:
            return None  # "pro-Russian separatists" name a stance, not Russia
        if keys[i] == "US" and j < len(keys) and keys[j] == "$":
            return None  # currency
        entry = entries[0]
        if entry.kind == "person":
            people = [e for e in entries if e.kind == "person"]
            resolved = resolve_person(people, published)
            if resolved is None:
                return None
            code, sector = resolved
            return Cand(i, j, code, "person", sector, source="table")
        code = entry.code or ""
        kind = entry.kind if entry.kind != "group" else "country"
        start = i - 1 if i > 0 and keys[i - 1] in _THE and self._takes_the(keys, i, j, entry) else i
        confidence = CAPITAL_CONFIDENCE if kind == "capital" else 1.0
        return Cand(start, j, code, kind, entry.sector, confidence=confidence, name_start=i)

    def _takes_the(self, keys: list[str], i: int, j: int, entry: AliasEntry) -> bool:
        """Whether a preceding "the" belongs to the name: "the Kremlin", "the UN", "the
        United States", "the UK" — but not "the Israel Defense Forces"."""
        if entry.kind in ("seat", "igo", "group"):
            return True
        if entry.kind != "country":
            return False
        key = tuple(keys[i:j])
        return (
            key in self.gazetteer.with_the
            or (len(key) == 1 and key[0].isupper())
            or not _THE_NOUNS.isdisjoint(key)
        )

    def _drop_distractors(self, toks: Tokens, cands: list[Cand]) -> list[Cand]:
        covered = {k for c in cands for k in range(c.name_start, c.j)}
        keys = toks.keys
        n = len(keys)
        kept: list[Cand] = []
        for c in cands:
            single_person = c.kind == "person" and c.j - c.i == 1
            if (c.kind in _NAME_SENSITIVE or single_person) and self._name_neighbour(
                toks, c, covered
            ):
                continue
            if c.kind in ("adjective", "demonym") and self._name_neighbour(
                toks, c, covered, after=False
            ):
                continue  # "Latin American", "African Americans"
            after = keys[c.j] if c.j < n else ""
            if c.kind == "capital" and after.lower() == "state":
                continue  # "Washington state"
            if c.i >= 2 and keys[c.i - 1] == "of" and keys[c.i - 2] in _WATERS:
                continue  # "the Gulf of Guinea"
            if c.kind == "adjective" and after in _NON_ACTOR_HEADS:
                continue
            if after == "-" and c.j + 1 < n and keys[c.j + 1].lower() in _DESCRIPTIVE_SUFFIXES:
                continue  # "Russian-made rockets", "a Bosnia-style war"
            if c.name_start > 0 and keys[c.name_start - 1].lower() == "ethnic":
                continue  # "ethnic Albanians" are a people, not Albania
            if (
                keys[c.name_start] in _PREDECESSOR_ADJECTIVES
                and c.name_start > 0
                and keys[c.name_start - 1].lower() == "former"
            ):
                continue  # "former Soviet republics" name a past, not Russia
            if (
                single_person
                and keys[c.i].isupper()
                and c.i > 0
                and keys[c.i - 1] == "("
                and after == ")"
            ):
                continue  # "(AKK)" abbreviates the name before it, not a tabled person
            kept.append(c)
        return kept

    def _name_neighbour(
        self, toks: Tokens, c: Cand, covered: set[int], *, after: bool = True
    ) -> bool:
        """A capitalised, unknown word right before or after: part of a person's name."""
        if _title_case_line(toks, c.name_start):
            return False
        text = toks.text
        before = c.name_start - 1
        if (
            before >= 0
            and before not in covered
            and (after or not toks.sentence_initial(before))  # "Young Algerians blocked"
            and self._namelike(toks, before)
            and text[toks.ends[before] : toks.starts[c.name_start]] == " "
        ):
            return True
        nxt = c.j
        return (
            after
            and nxt < len(toks)
            and nxt not in covered
            and self._namelike(toks, nxt)
            and text[toks.ends[c.j - 1] : toks.starts[nxt]] == " "
        )

    def _namelike(self, toks: Tokens, i: int) -> bool:
        key = toks.keys[i]
        if not (key[0].isupper() and key[0].isalpha()):
            return False
        if key.isupper() and len(key) > 1:
            return False  # acronyms (EU, UN) are not first names
        if key in _STATUS_TITLES:
            return False  # "NATO Allies Turkey and Greece": a status, not a first name
        return key not in self._plain_words and key not in self._title_words

    def _assign_sectors(self, toks: Tokens, lower: list[str], cands: list[Cand]) -> None:
        """Adjectives and attributive or possessive country names take the sector of the
        noun run after them ("Russian troops", "Russia's army", "US officials"); a country
        after "X of" takes the sector of X ("the president of Armenia")."""
        keys = toks.keys
        by_start = {c.name_start: c for c in cands}
        for c in cands:
            if c.kind not in ("adjective", "country", "demonym"):
                continue
            end = c.j
            if c.kind == "country":
                if end + 1 < len(keys) and keys[end] == "'" and keys[end + 1] == "s":
                    end += 2
                run = self.sectors.head_run(lower, end)
                if run.actor_like:
                    c.sector = run.sector
                    c.run_end, c.head = run.end, run.head
                else:
                    c.sector = self._of_sector(lower, c.i)
                continue
            end = self._chain_end(keys, lower, end, by_start)
            run = self.sectors.head_run(lower, end)
            c.run_end = run.end
            c.head = run.head
            if c.kind == "demonym":
                continue
            sector = run.sector
            if c.i > 0 and lower[c.i - 1] in ("former", "ex") and sector in (None, "GOV"):
                sector = "ELI" if run.actor_like else sector
            c.sector = sector

    @staticmethod
    def _chain_end(keys: list[str], lower: list[str], end: int, by_start: dict[int, Cand]) -> int:
        """End of a chain of national adjectives sharing one head noun: "Turkish-Russian
        troops", "Hungarian and Romanian officials", "French, German and Italian ships"."""
        while end + 1 < len(keys):
            step = 1
            if keys[end] == "," and end + 2 < len(keys) and lower[end + 1] in ("and", "or"):
                step = 2
            elif keys[end] not in ("-", ",") and lower[end] not in ("and", "or"):
                break
            nxt = by_start.get(end + step)
            if nxt is None or nxt.kind not in ("adjective", "country"):
                break
            end = nxt.j
        return end

    def _of_sector(self, lower: list[str], i: int) -> str | None:
        if i < 2 or lower[i - 1] != "of":
            return None
        for n in range(min(3, i - 1), 0, -1):
            word = self.sectors.phrases.get(tuple(lower[i - 1 - n : i - 1]))
            if word is not None:
                return word.sector
        return None

    @staticmethod
    def _to_mention(toks: Tokens, c: Cand) -> Mention:
        start = toks.starts[c.i]
        end = toks.ends[c.j - 1]
        codes = c.codes or (c.code,)
        return Mention(
            start, end, toks.text[start:end], codes[0], c.kind, c.sector, codes, c.confidence
        )


def _title_case_line(toks: Tokens, i: int) -> bool:
    """Headlines in title case capitalise every word; the name-neighbour test is off there.

    A headline is a short line without a closing full stop whose longer words are all
    capitalised ("Jordan Rejects Israeli Plan For West Bank").
    """
    text = toks.text
    # Look no further than a headline can be long: a scan to the line's ends would cost the
    # whole line per mention, quadratic in a long single-line article.
    lo, hi = max(0, toks.starts[i] - HEADLINE_MAX), min(len(text), toks.ends[i] + HEADLINE_MAX)
    start = text.rfind("\n", lo, toks.starts[i]) + 1
    end = text.find("\n", toks.ends[i], hi)
    if (start == 0 and lo > 0) or (end < 0 and hi < len(text)):
        return False  # a line longer than any headline
    line = text[start : end if end >= 0 else len(text)].strip()
    if not line or line[-1] in ".!?;," or line.count(" ") > 16:
        return False
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 3 and all(w[0].isupper() for w in words)
