"""The graph filters as clients write them, read into an ``EventFilter``.

One parser for the JSON API and the HTML pages, and the formats the OpenAPI declares for it:
list parameters are repeatable and each value may hold a comma-separated list
(``actor=RUS&actor=TUR`` or ``actor=RUS,TUR``); spaces around items and empty items are
ignored. What a pattern here allows is exactly what the parser accepts, so a request the
OpenAPI calls valid is never refused and one it calls invalid is never taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from graphsvc.errors import InvalidInput
from graphsvc.extract.ontology import load_ontology
from graphsvc.imports.records import DATASETS as DATASET_NAMES
from graphsvc.models import INT_MAX, MAX_FILTER_VALUES, EventFilter

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class ListFormat:
    """A comma-separated list parameter: its name, one item's pattern and how to say it."""

    name: str
    item: str  # a regex for one item, without anchors
    rule: str  # "must be …" sentence ending, for errors and descriptions
    # For lists of known values (CAMEO codes, roots): the shape of any such value, and the
    # sentence for one of that shape that is not known (`code=9999`).
    shape: str | None = None
    unknown: str = ""

    @property
    def pattern(self) -> str:
        """The whole value: items with optional spaces around them, empty ones allowed."""
        one = rf" *(?:{self.item})? *"
        return rf"^{one}(?:,{one})*$"

    def split(self, values: Iterable[str] | None) -> list[str]:
        items: list[str] = []
        for value in values or ():
            for part in value.split(","):
                item = part.strip(" ")
                if item and not re.fullmatch(self.item, item):
                    shown = item if len(item) <= 40 else item[:40] + "…"
                    if self.shape and re.fullmatch(self.shape, item):
                        raise InvalidInput(f"{self.name} {shown!r} is {self.unknown}.")
                    raise InvalidInput(f"{self.name} must be {self.rule}, not {shown!r}.")
                if item:
                    items.append(item)
        return items


def _one_of(values: Iterable[str]) -> str:
    """A regex matching exactly these digit strings (an alternation, longest first)."""
    return "|".join(sorted(set(values), key=lambda v: (-len(v), v)))


_ONTOLOGY = load_ontology()
ACTORS = ListFormat("actor", "[A-Za-z0-9]+", "codes of letters and digits, like RUS or RUS,TUR")
# With a resolver (the API and the pages), an actor item may also be a name: no comma, no
# control character, at most 100 characters ("Putin", "Erdoğan", "the Kremlin", "U.S.").
ACTOR_NAMES = ListFormat(
    "actor",
    "[A-Za-z0-9]+|[^,\\x00-\\x1f\\x7f]{1,100}",
    "actor codes or names, like RUS, Putin or RUS,Erdogan",
)
# What the OpenAPI declares for actor=: codes in capitals and digits, which are always taken.
# Which names exist depends on the gazetteer and the store, so no pattern can list them: the
# parameter's description says names are taken too (the one exception to "what a pattern
# allows is exactly what the parser accepts": a name may be unknown, then it is a 422).
ACTOR_CODES = ListFormat("actor", "[A-Z0-9]+", "codes in capitals and digits, like RUS or RUS,TUR")
# Codes and roots are those of the CAMEO table (GET /ontology): the OpenAPI pattern lists
# them, so a schema-driven client and the parser agree on `code=9999` and `root=190`.
CODES = ListFormat(
    "code",
    _one_of(c.code for c in _ONTOLOGY),
    "CAMEO codes of the ontology (GET /ontology), like 041 or 041,057",
    shape="[0-9]+",
    unknown="an unknown CAMEO code (GET /ontology lists them)",
)
ROOTS = ListFormat(
    "root",
    _one_of(c.code for c in _ONTOLOGY.roots()),
    "CAMEO roots of two digits from 01 to 20, like 04 or 04,19",
    shape="[0-9]+",
    unknown="not a CAMEO root (01 to 20)",
)
QUADS = ListFormat("quad_class", "[1-4]", "1, 2, 3 or 4")
# Where events come from: "graphsvc" (extracted here) or a dataset `graphsvc import` reads.
DATASETS = ListFormat(
    "dataset",
    "|".join(DATASET_NAMES),
    "one or more of graphsvc (the events extracted here), " + ", ".join(DATASET_NAMES[1:]),
)
EXCLUDE_DATASETS = ListFormat("exclude_dataset", DATASETS.item, DATASETS.rule)


def build_filter(
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    actors: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
    roots: Iterable[str] | None = None,
    quad_classes: Iterable[str] | None = None,
    min_count: int = 1,
    resolve_actor: Callable[[str], str] | None = None,
    refuse_reversed_dates: bool = False,
    datasets: Iterable[str] | None = None,
    exclude_datasets: Iterable[str] | None = None,
    min_confidence: float = 0.0,
) -> EventFilter:
    """The one place where user-given filter values become an ``EventFilter`` (API and pages).

    A ``date_from`` after ``date_to`` is an empty range for the JSON API (whose OpenAPI
    cannot state an order between two parameters, so a schema-valid request is never
    refused); with ``refuse_reversed_dates`` (the pages, the CLI: a person typing) it is an
    error, so nobody gets an empty graph without a word.
    With ``resolve_actor`` (item -> code, raising InvalidInput), actor items may be names;
    without it they must be codes.
    """
    if not 1 <= min_count <= INT_MAX:
        raise InvalidInput(f"min_count must be a whole number from 1 to {INT_MAX}.")
    if not 0.0 <= min_confidence <= 1.0:  # NaN too
        raise InvalidInput(f"min_confidence must be a number from 0 to 1, not {min_confidence}.")
    if refuse_reversed_dates and date_from and date_to and date_from > date_to:
        raise InvalidInput(
            f"date_from ({date_from.isoformat()}) must be on or before "
            f"date_to ({date_to.isoformat()})."
        )
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        actors=frozenset(_actor_codes(actors, resolve_actor)),
        codes=frozenset(CODES.split(codes)),
        roots=frozenset(ROOTS.split(roots)),
        quad_classes=frozenset(int(q) for q in QUADS.split(quad_classes)),
        min_count=min_count,
        datasets=frozenset(DATASETS.split(datasets)),
        exclude_datasets=frozenset(EXCLUDE_DATASETS.split(exclude_datasets)),
        min_confidence=min_confidence,
    )


def _actor_codes(values: Iterable[str] | None, resolve: Callable[[str], str] | None) -> list[str]:
    if resolve is None:
        return [a.upper() for a in ACTORS.split(values)]
    items = list(dict.fromkeys(ACTOR_NAMES.split(values)))
    if len(items) > MAX_FILTER_VALUES:  # refused before any name is looked up
        raise InvalidInput(
            f"A filter takes at most {MAX_FILTER_VALUES:,} actor codes ({len(items):,} given)."
        )
    return [resolve(item) for item in items]


def form_date(name: str, value: str | None) -> date | None:
    """A date field of the pages' filter form: empty means none, else strictly YYYY-MM-DD."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidInput(f"{name} must be a date as YYYY-MM-DD, like 2021-01-13, not {value!r}.")


_DECIMAL = re.compile(r"[0-9]{1,3}(?:\.[0-9]{0,12})?|\.[0-9]{1,12}")


def form_confidence(value: str | None) -> float:
    """The pages' min_confidence field: empty means 0 (every event), else a decimal number
    from 0 to 1 such as 0.7 (what a number input sends)."""
    text = (value or "").strip()
    if not text:
        return 0.0
    if not _DECIMAL.fullmatch(text) or not 0.0 <= float(text) <= 1.0:
        raise InvalidInput(f"min_confidence must be a number from 0 to 1, like 0.7, not {value!r}.")
    return float(text)


def form_count(value: str | None) -> int:
    """The pages' min_count field: empty means 1, else a whole number in digits."""
    text = (value or "").strip() or "1"
    if not re.fullmatch(r"[0-9]{1,10}", text) or not 1 <= int(text) <= INT_MAX:
        raise InvalidInput(f"min_count must be a whole number from 1 to {INT_MAX}, not {value!r}.")
    return int(text)
