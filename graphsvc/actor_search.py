"""Find actors by name for the service: search with reasons, and names in ``actor=`` filters.

The name index (``graphsvc.extract.name_index``) is built once per process from the
gazetteer tables and the store's actors table, and again only when that table changes.
Nothing here loads spaCy: the gazetteer is plain YAML.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graphsvc.errors import InvalidInput
from graphsvc.extract.gazetteer import Gazetteer
from graphsvc.extract.name_index import NameHit, NameIndex, actor_refs
from graphsvc.models import Actor

Counts = Mapping[str, tuple[int, int, int]]  # code -> (events, as source, as target)
# An item in capitals and digits that names nothing is taken as a code, as before names
# were accepted: a code may have no name (yet) and still be a valid filter.
_BARE_CODE = re.compile(r"[A-Z0-9]+")
SUGGESTIONS = 5


@dataclass(frozen=True)
class ActorHit:
    """A search result: the actor, its event counts under the filters, and why it matched."""

    actor: Actor
    event_count: int
    as_source: int
    as_target: int
    hit: NameHit
    stored: bool  # in the store's actors table (else known from the gazetteer only)


@dataclass(frozen=True)
class ActorSearch:
    hits: list[ActorHit]
    suggestions: list[str] = field(default_factory=list)


def _load_gazetteer(extra_actors: Path | None) -> Gazetteer:
    from graphsvc.extract.mentions import shared_gazetteer  # pure Python, no spaCy

    return shared_gazetteer(extra_actors)


class ActorNames:
    """Actor search and name resolution over one store's actors (thread-safe)."""

    def __init__(
        self,
        stored: Callable[[], Mapping[str, Actor]],
        *,
        extra_actors: Path | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._stored = stored
        self._extra_actors = extra_actors
        self._today = today
        self._lock = threading.Lock()
        self._built: tuple[Mapping[str, Actor], Gazetteer, NameIndex] | None = None

    def gazetteer(self) -> Gazetteer:
        return _load_gazetteer(self._extra_actors)

    def index(self) -> NameIndex:
        """The index over the gazetteer and the store's actors, rebuilt only when either
        changes (the service hands back the same actors dict until the table changes; an
        equal one, rebuilt after a cache eviction, is compared rather than re-indexed)."""
        stored, gazetteer = self._stored(), self.gazetteer()
        with self._lock:
            built = self._built
            same = built is not None and (built[0] is stored or built[0] == stored)
            if built is None or not same or built[1] is not gazetteer:
                index = NameIndex.build(gazetteer, stored, today=self._today())
                built = self._built = (stored, gazetteer, index)
            return built[2]

    def search(self, query: str, counts: Counts) -> ActorSearch:
        """Actors ``query`` names, best first (see ``NameIndex.search``); within a tier,
        actors with events first (most first), then those in the store's actors table."""
        index = self.index()
        stored = self._stored()
        gazetteer = self.gazetteer().actors

        def rank(code: str) -> tuple[object, ...]:
            return (code not in counts, code not in stored, -counts.get(code, (0, 0, 0))[0])

        # Codes with events but no row in the actors table are found by their code.
        unnamed = actor_refs(Actor(c, c, "") for c in counts if c not in index.codes)
        hits = []
        for hit in index.search(query, rank=rank, extra=unnamed):
            actor = stored.get(hit.code) or gazetteer.get(hit.code)
            n, s, t = counts.get(hit.code, (0, 0, 0))
            found = actor or Actor(hit.code, index.label(hit.code), "")
            hits.append(ActorHit(found, n, s, t, hit, hit.code in stored))
        fuzzy_only = all(h.hit.match == "fuzzy" for h in hits)
        suggestions = [h.hit.name for h in hits][:SUGGESTIONS] if fuzzy_only else []
        return ActorSearch(hits, list(dict.fromkeys(suggestions)))

    def resolve(self, item: str) -> str:
        """The code an ``actor=`` item stands for: a code (any case) or a name naming one
        actor. An unknown name or an ambiguous one is an InvalidInput naming the parameter
        with the candidates; an item in capitals and digits is never refused (NATO is NAT,
        an unknown one stays a code)."""
        upper = item.upper()
        if upper in self.gazetteer().actors:  # the common case, without asking the store
            return upper
        index = self.index()
        codes = index.resolve(item)
        if len(codes) == 1:
            return codes[0]
        if _BARE_CODE.fullmatch(item):
            return item
        if codes:
            shown = ", ".join(f"{index.label(c)} ({c})" for c in codes)
            raise InvalidInput(
                f"actor {item!r} could mean several actors: {shown}; give one of their codes."
            )
        raise InvalidInput(f"actor {item!r} is no known actor code or name; {self.hint(item)}")

    def hint(self, item: str) -> str:
        """'did you mean …?' with the closest names, or where to look when none is close."""
        index = self.index()
        close = [f"{h.name} ({h.code})" for h in index.search(item)[:SUGGESTIONS]]
        if not close:
            return "nothing is spelled close to it; search for actors at /actors?q=."
        return f"did you mean {_or_list(close)}?"


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
