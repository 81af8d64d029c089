"""Find actors by name: codes, names, short forms, demonyms, capitals, seats, places and the
office-holders of the gazetteer, plus the names the store's actors table holds.

Pure data and string matching (no spaCy): built once per process from the tables, then
asked per request. Keys are case- and accent-folded ("Erdoğan" and "erdogan" are one key),
dots and apostrophes dropped ("U.S." is "us"), other punctuation read as a space and a
leading "the" ignored.

Ranking tiers, best first (``TIERS``): an exact code or name; an exact alias (adjective,
demonym, capital, seat of government, place, office-holder); a prefix of a code or name; a
prefix of an alias or of any word of a name; the query inside a name; a close spelling
(difflib), tried only when nothing else matched. An exact alias ranks above a mere prefix
of a name: "Russian" names Russia exactly (its adjective) while it only begins "Russian
Federation".
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from graphsvc.extract.gazetteer import Gazetteer, fold_text
from graphsvc.models import Actor, AliasEntry, Role

TIERS = ("exact name", "exact alias", "prefix of a name", "prefix of an alias", "contains", "fuzzy")
MATCH_WORDS = ("exact", "exact", "prefix", "prefix", "contains", "fuzzy")
NAME_KINDS = frozenset({"code", "name"})
# Alias kinds of the gazetteer as the index calls them; country, igo and group are names.
_ENTRY_KINDS = {"country": "name", "igo": "name", "group": "name"}
OFFICES = {
    "head_of_state": "head of state",
    "head_of_government": "head of government",
    "foreign_minister": "foreign minister",
    "defence_minister": "defence minister",
    "igo_head": "head",
}
_DROP = re.compile(r"[.'\"]")
_SPACE = re.compile(r"[\W_]+")
MIN_CONTAINS = 3  # shortest query looked for inside names
FUZZY_CUTOFF = 0.75  # difflib ratio a close spelling needs
FUZZY_MAX = 5


def search_key(text: str) -> str:
    """The folded form names and queries are compared in ("Erdoğan" -> "erdogan")."""
    key = _SPACE.sub(" ", _DROP.sub("", fold_text(text).casefold())).strip()
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


@dataclass(frozen=True, slots=True)
class NameRef:
    """One name of one actor: how it is written, what kind of name it is and, for an
    office-holder, who it is and whether they still hold an office of that actor."""

    key: str
    name: str
    code: str
    kind: str  # code | name | adjective | demonym | capital | seat | place | person
    person: str = ""
    office: str = ""
    former: bool = False


@dataclass(frozen=True, slots=True)
class NameHit:
    """An actor found by a query: through which name, how well, and a sentence saying so."""

    code: str
    tier: int
    kind: str
    name: str
    matched: str
    former: bool = False

    @property
    def match(self) -> str:
        return MATCH_WORDS[self.tier]

    @property
    def exact(self) -> bool:
        return self.tier <= 1


def describe(ref: NameRef, label: str) -> str:
    """Why ``ref`` stands for its actor, in a few words ("Ankara, capital of Turkey")."""
    if ref.kind == "code":
        return f"{ref.code}, the code of {label}"
    if ref.kind == "name":
        return label if ref.name == label else f"{ref.name}, a name of {label}"
    if ref.kind == "person":
        former = "former " if ref.former else ""
        return f"{ref.person}, {former}{ref.office} of {label}"
    what = {
        "adjective": "adjective for",
        "demonym": "people of",
        "capital": "capital of",
        "seat": "seat of power of",
        "place": "a place in",
    }.get(ref.kind, "a name of")
    return f"{ref.name}, {what} {label}"


def _office(roles: list[Role], today: date) -> tuple[str, bool]:
    """Office text of one person for one actor, and whether every such role has ended."""
    current = [r for r in roles if r.end is None or r.end >= today]
    shown = current[0] if current else max(roles, key=lambda r: r.end or date.max)
    office = shown.office or "office-holder"
    return OFFICES.get(office, office.replace("_", " ")), not current


def _person_refs(entry: AliasEntry, today: date) -> Iterable[NameRef]:
    by_code: dict[str, list[Role]] = {}
    for role in entry.roles:
        by_code.setdefault(role.country, []).append(role)
    for code, roles in by_code.items():
        office, former = _office(roles, today)
        for name in entry.names:
            yield NameRef(search_key(name), name, code, "person", entry.names[0], office, former)


def gazetteer_refs(gazetteer: Gazetteer, today: date) -> list[NameRef]:
    """Every name the gazetteer tables give an actor, office-holders per country served."""
    refs: list[NameRef] = []
    for actor in gazetteer.actors.values():
        refs += actor_refs([actor])
    for entry in gazetteer.entries:
        if entry.kind == "person":
            refs += _person_refs(entry, today)
        elif entry.code:
            kind = _ENTRY_KINDS.get(entry.kind, entry.kind)
            refs += (NameRef(search_key(n), n, entry.code, kind) for n in entry.names)
    return refs


def actor_refs(actors: Iterable[Actor]) -> list[NameRef]:
    """Code, label and aliases of actors (the store's actors table or the gazetteer's)."""
    refs: list[NameRef] = []
    for actor in actors:
        refs.append(NameRef(search_key(actor.code), actor.code, actor.code, "code"))
        for name in dict.fromkeys((actor.label, *actor.aliases)):
            refs.append(NameRef(search_key(name), name, actor.code, "name"))
    return refs


def _tier(ref: NameRef, key: str) -> int | None:
    named = ref.kind in NAME_KINDS
    if ref.key == key:
        return 0 if named else 1
    if ref.key.startswith(key):
        return 2 if named else 3
    if f" {key}" in f" {ref.key}":
        return 3
    if len(key) >= MIN_CONTAINS and key in ref.key and ref.kind != "code":
        return 4
    return None


Rank = Callable[[str], tuple[object, ...]]


class NameIndex:
    """Actors by every name, built once from ``NameRef`` rows; read-only afterwards."""

    def __init__(self, refs: Iterable[NameRef], labels: Mapping[str, str]) -> None:
        self.labels = dict(labels)
        self.refs = [r for r in dict.fromkeys(refs) if r.key]
        self.by_key: dict[str, list[NameRef]] = {}
        for ref in self.refs:
            self.by_key.setdefault(ref.key, []).append(ref)
        self.codes = frozenset(r.code for r in self.refs if r.kind == "code")
        self._keys = list(self.by_key)

    @classmethod
    def build(cls, gazetteer: Gazetteer, stored: Mapping[str, Actor], *, today: date) -> NameIndex:
        """The gazetteer's names plus the store's actors (whose labels win)."""
        labels = {code: actor.label for code, actor in gazetteer.actors.items()}
        labels.update({code: actor.label for code, actor in stored.items()})
        return cls(gazetteer_refs(gazetteer, today) + actor_refs(stored.values()), labels)

    def label(self, code: str) -> str:
        return self.labels.get(code, code)

    def _hit(self, ref: NameRef, tier: int) -> NameHit:
        matched = describe(ref, self.label(ref.code))
        return NameHit(ref.code, tier, ref.kind, ref.name, matched, ref.former)

    def search(
        self, query: str, *, rank: Rank | None = None, extra: Iterable[NameRef] = ()
    ) -> list[NameHit]:
        """One hit per actor, best first: by tier, current before former office-holders,
        then by ``rank(code)`` (e.g. actors with events first), then by label. Close
        spellings are tried only when nothing else matches. ``extra`` refs are searched
        too (codes known only from events)."""
        key = search_key(query)
        if not key:
            return []
        best: dict[str, tuple[tuple[object, ...], NameRef, int]] = {}
        for ref in itertools.chain(self.refs, extra):
            tier = _tier(ref, key)
            if tier is None:
                continue
            order = (tier, ref.former, ref.kind not in NAME_KINDS, len(ref.key))
            held = best.get(ref.code)
            if held is None or order < held[0]:
                best[ref.code] = (order, ref, tier)
        if not best:
            for i, ref in enumerate(self.close_refs(query)):
                best.setdefault(ref.code, ((5, i), ref, 5))  # most similar first
        extra = rank or (lambda code: ())
        hits = sorted(
            best.values(),
            key=lambda held: (held[0][:2], extra(held[1].code), self.label(held[1].code)),
        )
        return [self._hit(ref, tier) for _, ref, tier in hits]

    def close_refs(self, query: str, n: int = FUZZY_MAX) -> list[NameRef]:
        """Names spelled close to ``query`` (most similar first), one per actor."""
        found: dict[str, NameRef] = {}
        for key in difflib.get_close_matches(search_key(query), self._keys, n * 3, FUZZY_CUTOFF):
            for ref in self.by_key[key]:
                found.setdefault(ref.code, ref)
        return list(found.values())[:n]

    def suggestions(self, query: str, n: int = FUZZY_MAX) -> list[str]:
        """Close spellings as "Name (CODE)" strings, for "did you mean" messages."""
        return [f"{ref.name} ({ref.code})" for ref in self.close_refs(query, n)]

    def resolve(self, text: str) -> list[str]:
        """Codes ``text`` names exactly: one when it is unambiguous, several when it is not,
        none when it is unknown. A code (any case) is itself; a name of an actor outranks
        an alias; among office-holders, those still in office outrank former ones."""
        upper = text.strip().upper()
        if upper in self.codes:
            return [upper]
        refs = self.by_key.get(search_key(text), [])
        named = [r for r in refs if r.kind in NAME_KINDS]
        refs = named or refs
        current = [r for r in refs if not r.former] or refs
        return list(dict.fromkeys(r.code for r in current))
