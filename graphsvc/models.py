"""Domain records shared by every layer. No FastAPI, no SQLAlchemy, no spaCy here.

Offsets are character offsets into the article text (``Article.text``), end-exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from graphsvc.errors import InvalidInput

# Where an article came from (``Article.origin``): a POST to /articles (or /articles/batch),
# a file given to `ingest`, a web page fetched from a URL, a followed feed, a dataset import,
# the bundled demo corpus. None: stored before provenance was kept.
ORIGINS = ("post", "file", "url", "feed", "import", "demo")

# Date precision of an event date: resolved from the text, or defaulted to the story date.
PRECISIONS = ("day", "week", "month", "year", "published", "none")
ACTOR_KINDS = ("state", "igo")
MAX_FILTER_VALUES = 1000  # codes per list in an EventFilter (actors; CAMEO codes and roots)
# Confidence tiers of the rollups (store/rollup.py): tier k holds confidences in
# [k/CONFIDENCE_TIERS, (k+1)/CONFIDENCE_TIERS), 1.0 is the top tier. A min_confidence on a
# tier boundary (a multiple of 0.05) is answered from the rollups; any other reads events.
CONFIDENCE_TIERS = 20
# Float slack: a confidence this close below a threshold passes it, so that 0.7 stored as
# 0.69999… meets min_confidence=0.7 whether events or rollup tiers answer.
CONFIDENCE_SLACK = 5e-8
TIER_SLACK = CONFIDENCE_SLACK * CONFIDENCE_TIERS  # the same slack in tier units


def content_hash(text: str) -> str:
    """Stable hash of an article's text; whitespace runs are collapsed first."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    content_hash: str = ""
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where and when an article was obtained, one notion for every input path.

    ``origin``: one of ORIGINS; ``origin_ref``: which feed or dataset, for those origins;
    ``fetched_url``: the address the text was fetched from (after redirects) and
    ``fetched_at`` when (UTC-aware); ``author`` and ``canonical_url`` as the page declares
    them (an article's ``url`` is what the user gave or, fetched, the canonical one)."""

    origin: str | None = None
    origin_ref: str | None = None
    fetched_url: str | None = None
    fetched_at: datetime | None = None
    author: str | None = None
    canonical_url: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A graph node: a state (ISO 3166-1 alpha-3) or an international organisation."""

    code: str
    label: str
    kind: str = "state"
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Event:
    """One directed interaction source -> target, CAMEO-coded, with provenance."""

    source: str
    target: str
    code: str
    root: str
    quad_class: int
    goldstein: float
    label: str
    date: date | None
    date_precision: str
    sentence: str
    sentence_start: int = 0
    trigger_text: str = ""
    trigger_start: int = 0
    trigger_end: int = 0
    source_text: str = ""
    source_start: int = 0
    source_end: int = 0
    target_text: str = ""
    target_start: int = 0
    target_end: int = 0
    source_sector: str | None = None
    target_sector: str | None = None
    group_id: str | None = None
    symmetric: bool = False
    negated: bool = False
    confidence: float = 1.0
    mentions: int = 1
    article_id: str | None = None
    extractor_version: str = ""
    id: int | None = None
    # Events, not reports (graphsvc/linking): None when this row is the event (canonical),
    # else the id of the canonical row it reports; ``reports``: the event's report count on
    # a canonical row (1 when no other article reported it), 0 on a report row.
    event_id: int | None = None
    reports: int = 1
    # Where the event comes from: "graphsvc" (extracted here) or an imported dataset
    # (graphsvc/imports), with its id there, the evidence URL and GDELT's report counts.
    dataset: str = "graphsvc"
    dataset_event_id: str | None = None
    source_url: str | None = None
    num_mentions: int | None = None
    num_sources: int | None = None
    num_articles: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


# The largest count or id every backend stores: PostgreSQL's integer is 32-bit.
INT_MAX = 2**31 - 1


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The one filter set every graph, list and export honours."""

    date_from: date | None = None
    date_to: date | None = None
    actors: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()
    roots: frozenset[str] = frozenset()
    quad_classes: frozenset[int] = frozenset()
    min_count: int = 1
    include_negated: bool = False
    # Every report row instead of one row per event (lists and exports only: the rollups,
    # graphs and counts are of events).
    reports: bool = False
    # Datasets kept (empty: all) and left out ("graphsvc" names the extracted events).
    datasets: frozenset[str] = frozenset()
    exclude_datasets: frozenset[str] = frozenset()
    # Events whose extraction confidence is at least this (0: all of them).
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_confidence <= 1.0:  # also refuses NaN
            raise InvalidInput(
                f"min_confidence must be a number from 0 to 1, not {self.min_confidence!r}."
            )
        # Each value is a bound parameter, up to four times in one statement; PostgreSQL
        # takes at most 65,535 parameters. No real filter comes near this many.
        for name, values in (("actor", self.actors), ("CAMEO", self.codes | self.roots)):
            if len(values) > MAX_FILTER_VALUES:
                raise InvalidInput(
                    f"A filter takes at most {MAX_FILTER_VALUES:,} {name} codes "
                    f"({len(values):,} given)."
                )

    def cache_key(self) -> tuple:
        return (
            self.date_from,
            self.date_to,
            tuple(sorted(self.actors)),
            tuple(sorted(self.codes)),
            tuple(sorted(self.roots)),
            tuple(sorted(self.quad_classes)),
            self.min_count,
            self.include_negated,
            self.reports,
            tuple(sorted(self.datasets)),
            tuple(sorted(self.exclude_datasets)),
            self.min_confidence,
        )

    @property
    def by_dataset(self) -> bool:
        """Whether the filter keeps or drops datasets."""
        return bool(self.datasets or self.exclude_datasets)

    @property
    def confidence_tier(self) -> int | None:
        """The rollups' lowest confidence tier that ``min_confidence`` keeps, when it is a
        tier boundary (0 without a threshold); None when only events can answer it."""
        scaled = self.min_confidence * CONFIDENCE_TIERS
        tier = round(scaled)
        return tier if abs(scaled - tier) < 1e-6 else None


def confidence_tier(confidence: float) -> int:
    """The rollup tier of an event's confidence (see CONFIDENCE_TIERS); the SQL of the
    rollups' rebuild computes the same (store/rollup.py ``tier_column``)."""
    return min(CONFIDENCE_TIERS, int(confidence * CONFIDENCE_TIERS + TIER_SLACK))


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as given by a user (HTTP body, .txt file, JSONL line) before storing."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A date-restricted role: the holder stands for ``country`` between start and end."""

    country: str
    sector: str = "GOV"
    office: str | None = None
    start: date | None = None
    end: date | None = None

    def active_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """Names that resolve to an actor: a country, IGO, seat/capital, demonym or person.

    ``code`` is fixed for non-persons; persons resolve through ``roles`` on the story date.
    """

    names: tuple[str, ...]
    kind: str  # country | igo | seat | capital | adjective | demonym | person | group | place
    code: str | None = None
    sector: str | None = None
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class DyadSums:
    """The events of one ordered pair, summed (what the store's rollups hold)."""

    source: str
    target: str
    count: int
    by_quad_class: dict[int, int]  # quad class -> events
    by_root: dict[str, int]  # CAMEO root -> events (roots with none left out)
    symmetric: int
    goldstein_sum: float
    first_date: date | None
    last_date: date | None
    confidence_sum: float = 0.0  # of the events' confidences (their mean: / count)

    @property
    def mean_confidence(self) -> float | None:
        return self.confidence_sum / self.count if self.count else None


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One period of a time series: events by quad class and their Goldstein sum."""

    period: str  # "2021-01-13", "2021-W02", "2021-01", "2021-Q1", "2021"
    start: date
    count: int
    by_quad_class: dict[int, int]
    goldstein_sum: float

    @property
    def goldstein_mean(self) -> float | None:
        return round(self.goldstein_sum / self.count, 3) if self.count else None
