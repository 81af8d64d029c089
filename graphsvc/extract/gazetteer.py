"""Alias tables of the actor layer: load the YAML tables, tokenize, and index names.

Names are matched on tokens, not characters: a token is a run of letters/digits or one
punctuation character, so "Turkish-Russian" is three tokens, "Moscow's" stops at the
apostrophe and "U.S." is ``U . S .``. Token keys are folded (accents stripped, curly quotes
and dashes unified) but keep their case: "Turkey" matches, the bird "turkey" does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from graphsvc.models import Actor, AliasEntry, Role

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: tables load ~10x faster
DATA_DIR = Path(__file__).resolve().parent / "data"

# A word is letters/digits (with any combining marks); anything else is one token per char.
_TOKEN_RE = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+|[^\w\s]")
_SPECIAL = str.maketrans(
    {
        "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae",
        "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "þ": "th",
        "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
        "–": "-", "—": "-", "‑": "-", "‐": "-",
    }
)  # fmt: skip

# Which entry wins when one name is listed under several kinds (rare; e.g. a capital that is
# also an IGO seat). Lower wins; persons lose to places and states on a one-word name.
KIND_PRIORITY = {
    "country": 0, "igo": 1, "group": 2, "seat": 3, "capital": 4,
    "demonym": 5, "adjective": 6, "person": 7, "place": 8,
}  # fmt: skip


def fold_text(text: str) -> str:
    """Accents stripped and quotes/dashes unified in any text (uncached: for user input)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded or text  # a stray combining mark stays itself: keys are never empty


@lru_cache(maxsize=65536)
def _fold_slow(token: str) -> str:
    return fold_text(token)


def fold(token: str) -> str:
    """Accent- and quote-folded form of one token; case is kept."""
    return token if token.isascii() else _fold_slow(token)


@dataclass(slots=True)
class Tokens:
    """Parallel arrays over one text: char spans, raw text and folded keys of each token."""

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.keys)

    def sentence_initial(self, i: int) -> bool:
        """True at the first word of a sentence, a line or a quotation."""
        j = i - 1
        while j >= 0 and self.keys[j] in {'"', "'", "(", "["}:
            j -= 1
        if j < 0:
            return True
        if "\n" in self.text[self.ends[j] : self.starts[i]]:
            return True
        return self.keys[j] in {".", "!", "?", ":", ";"}


def tokenize(text: str) -> Tokens:
    matches = list(_TOKEN_RE.finditer(text))
    raw = [m.group() for m in matches]
    keys = raw if text.isascii() else [fold(r) for r in raw]
    return Tokens(text, [m.start() for m in matches], [m.end() for m in matches], raw, keys)


def name_key(name: str) -> tuple[str, ...]:
    """Index key of a listed name; a leading "the" is dropped (it is matched optionally)."""
    keys = tuple(fold(m.group()) for m in _TOKEN_RE.finditer(name))
    if len(keys) > 1 and keys[0] in {"the", "The"}:
        keys = keys[1:]
    return keys


@dataclass(slots=True)
class Gazetteer:
    """Every alias entry, indexed by token key, plus node labels and kinds."""

    entries: list[AliasEntry]
    actors: dict[str, Actor]
    index: dict[tuple[str, ...], list[AliasEntry]] = field(default_factory=dict)
    max_len: dict[str, int] = field(default_factory=dict)
    with_the: set[tuple[str, ...]] = field(default_factory=set)  # names listed as "the X"

    @classmethod
    def build(cls, entries: Iterable[AliasEntry], actors: Iterable[Actor]) -> Gazetteer:
        gaz = cls(list(entries), {a.code: a for a in actors})
        for entry in gaz.entries:
            for name in entry.names:
                key = name_key(name)
                if not key:
                    continue
                if name[:4].lower() == "the ":
                    gaz.with_the.add(key)
                bucket = gaz.index.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
                if len(key) > gaz.max_len.get(key[0], 0):
                    gaz.max_len[key[0]] = len(key)
        # Earlier entries win ties of equal kind, so user entries (added first) override.
        for bucket in gaz.index.values():
            bucket.sort(key=lambda e: KIND_PRIORITY.get(e.kind, 9))
        return gaz

    def match_at(self, keys: Sequence[str], i: int) -> tuple[int, list[AliasEntry]] | None:
        """Longest listed name starting at token ``i``: (end token, entries) or None."""
        longest = self.max_len.get(keys[i])
        if longest is None:
            return None
        for n in range(min(longest, len(keys) - i), 0, -1):
            found = self.index.get(tuple(keys[i : i + n]))
            if found:
                return i + n, found
        return None

    def is_igo(self, code: str) -> bool:
        actor = self.actors.get(code)
        return actor is not None and actor.kind == "igo"

    def label(self, code: str) -> str:
        actor = self.actors.get(code)
        return actor.label if actor else code


# ---------------------------------------------------------------- loading the YAML tables


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    # Partial dates in the tables ("2018", "2018-05") mean the start of that period.
    parts = [int(p) for p in text.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(parts[0], parts[1], parts[2])


def _read_yaml(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_Loader) or []
    if isinstance(data, dict):  # tolerate {countries: [...]} style files
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return [row for row in data if isinstance(row, dict)]


def _identity(row: dict) -> tuple[str, str, tuple[str, ...]]:
    """Code, display label and names (label first, no repeats) of a state or IGO row."""
    code = str(row["code"])
    label = str(row.get("label") or code)
    return code, label, tuple(dict.fromkeys([label, *_as_list(row.get("names"))]))


def country_entries(rows: Iterable[dict]) -> tuple[list[AliasEntry], list[Actor]]:
    entries: list[AliasEntry] = []
    actors: list[Actor] = []
    for row in rows:
        code, label, names = _identity(row)
        adjectives = _as_list(row.get("adjectives"))
        # A demonym spelled like the adjective ("Azerbaijani") is read as the adjective.
        demonyms = [d for d in _as_list(row.get("demonyms")) if d not in adjectives]
        actors.append(Actor(code, label, "state", names))
        entries.append(AliasEntry(names, "country", code))
        if adjectives:
            entries.append(AliasEntry(tuple(adjectives), "adjective", code))
        if demonyms:
            entries.append(AliasEntry(tuple(demonyms), "demonym", code, "CVL"))
        capital = _as_list(row.get("capital"))
        if capital:
            entries.append(AliasEntry(tuple(capital), "capital", code, "GOV"))
        seats = _as_list(row.get("seats"))
        if seats:
            entries.append(AliasEntry(tuple(seats), "seat", code, "GOV"))
        # a state's armed forces and intelligence services under their own names ("the
        # IRGC", "the Tatmadaw", "the FSB"): metonyms like seats, with their own sector so
        # that frames asking for troops ("crossed into", "withdrew") accept them
        for key, sector in (("forces", "MIL"), ("services", "SPY")):
            own = _as_list(row.get(key))
            if own:
                entries.append(AliasEntry(tuple(own), "seat", code, sector))
    return entries, actors


def igo_entries(rows: Iterable[dict]) -> tuple[list[AliasEntry], list[Actor]]:
    entries: list[AliasEntry] = []
    actors: list[Actor] = []
    for row in rows:
        code, label, names = _identity(row)
        actors.append(Actor(code, label, "igo", names))
        entries.append(AliasEntry(names, "igo", code))
        adjectives = _as_list(row.get("adjectives"))
        if adjectives:
            entries.append(AliasEntry(tuple(adjectives), "adjective", code))
        seats = _as_list(row.get("seats"))
        if seats:
            entries.append(AliasEntry(tuple(seats), "seat", code))
    return entries, actors


def place_entries(table: dict) -> list[AliasEntry]:
    """places.yaml: state code → places in it that are not capitals (attack sites only)."""
    return [
        AliasEntry(tuple(str(n) for n in names), "place", str(code))
        for code, names in table.items()
        if names
    ]


def office_sector(office: str | None) -> str:
    """Sector of a tabled office: army chiefs are MIL, speakers LEG, judges JUD, else GOV."""
    low = (office or "").lower()
    if any(w in low for w in ("army", "military", "armed forces", "general staff", "commander")):
        return "MIL"
    if any(w in low for w in ("speaker", "parliament")):
        return "LEG"
    if any(w in low for w in ("judge", "court")):
        return "JUD"
    return "GOV"


def leader_entries(rows: Iterable[dict]) -> list[AliasEntry]:
    entries: list[AliasEntry] = []
    for row in rows:
        roles = tuple(
            Role(
                country=str(r["country"]),
                sector=str(r.get("sector") or office_sector(r.get("office"))),
                office=r.get("office"),
                start=_as_date(r.get("start")),
                end=_as_date(r.get("end")),
            )
            for r in row.get("roles") or []
            if isinstance(r, dict) and r.get("country")
        )
        names = tuple(dict.fromkeys([str(row["name"]), *_as_list(row.get("aliases"))]))
        if roles:
            entries.append(AliasEntry(names, "person", None, None, roles))
    return entries


def _merge_people(entries: list[AliasEntry]) -> list[AliasEntry]:
    """One entry per person name: files of several helpers may list the same person."""
    merged: dict[str, AliasEntry] = {}
    out: list[AliasEntry] = []
    for e in entries:
        if e.kind != "person":
            out.append(e)
            continue
        prev = merged.get(e.names[0])
        if prev is None:
            merged[e.names[0]] = e
            continue
        roles = tuple(dict.fromkeys([*prev.roles, *e.roles]))
        names = tuple(dict.fromkeys([*prev.names, *e.names]))
        merged[e.names[0]] = AliasEntry(names, "person", None, None, roles)
    return out + list(merged.values())


def load_gazetteer(data_dir: Path = DATA_DIR, extra: Sequence[AliasEntry] = ()) -> Gazetteer:
    """Read countries.yaml, igos.yaml, leaders/*.yaml (whichever exist) plus user entries."""
    entries: list[AliasEntry] = list(extra)
    actors: list[Actor] = []
    countries = data_dir / "countries.yaml"
    if countries.exists():
        e, a = country_entries(_read_yaml(countries))
        entries += e
        actors += a
    igos = data_dir / "igos.yaml"
    if igos.exists():
        e, a = igo_entries(_read_yaml(igos))
        entries += e
        actors += a
    places = data_dir / "places.yaml"
    if places.exists():
        with places.open(encoding="utf-8") as fh:
            entries += place_entries(yaml.load(fh, Loader=_Loader) or {})
    leaders_dir = data_dir / "leaders"
    if leaders_dir.is_dir():
        for path in sorted(leaders_dir.glob("*.yaml")):
            entries += leader_entries(_read_yaml(path))
    known = {a.code for a in actors}
    for e in extra:  # user actors with a new code become nodes too
        if e.code and e.code not in known and e.kind in {"country", "igo", "group"}:
            kind = "igo" if e.kind == "igo" else "state"
            actors.append(Actor(e.code, e.names[0], kind, e.names))
            known.add(e.code)
    return Gazetteer.build(_merge_people(entries), actors)
