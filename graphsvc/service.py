"""GraphService: the one facade the API and the CLI call (store + extractor + graphs + renders)."""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import networkx as nx

from graphsvc.actor_search import ActorNames, ActorSearch
from graphsvc.analysis.change_finder import ChangeFinder
from graphsvc.analysis.network import Measure
from graphsvc.analysis.series import MONTHLY, Interval, default_interval, fold, fold_months
from graphsvc.analysis.workbench import NetworkAnalysis
from graphsvc.article_rules import check_article, id_problem
from graphsvc.cursors import (
    decode_articles_position,
    decode_newest_cursor,
    encode_newest_cursor,
    encode_search_cursor,
)
from graphsvc.errors import Conflict, GraphsvcError, InvalidInput, NotFound
from graphsvc.exports import stream_events_export
from graphsvc.graph import build_multigraph, dyad_graph_from_sums
from graphsvc.graph import ego_graph as ego_of
from graphsvc.graph.cache import AnswerCache
from graphsvc.graph.page import cut
from graphsvc.models import (
    Actor,
    Article,
    ArticleInput,
    Event,
    EventFilter,
    Provenance,
    SeriesPoint,
    content_hash,
)
from graphsvc.render import (
    MEDIA_TYPES,
    to_gexf,
    to_graphml,
    to_node_link_json,
)
from graphsvc.render.html import DEFAULT_MEASURE, EDGE_CAP, page_html
from graphsvc.render.pagedata import PageLinks, PageTotals, page_data
from graphsvc.render.timeline import Timeline
from graphsvc.render.tooltips import MAX_INTERACTIONS
from graphsvc.settings import Settings
from graphsvc.sources.normalise import normalise_article
from graphsvc.store import DataVersion, Store

if TYPE_CHECKING:
    from graphsvc.extract.ontology import CameoCode

log = logging.getLogger(__name__)
DEMO = Provenance(origin="demo")
T = TypeVar("T")
DEMO_FILE = Path(__file__).resolve().parent / "demo" / "articles.jsonl"
NO_FILTER = EventFilter()  # frozen, so safe as a shared default
RECENT_EVENTS = 10
TOP_ACTORS = 10
RECENT_ARTICLES = 5
INGEST_BATCH = 64  # articles stored per transaction by ingest_many
TOOLTIP_DYADS = 400  # drawn dyads whose tooltips list their most recent events
# Past this many new events a cached answer is rebuilt rather than checked against them.
REVALIDATE_MAX_NEW = 100_000
# PostgreSQL may commit event ids out of order (a lower id after a higher one), which the
# "any newer event?" check cannot see: there, answers are also rebuilt after this long.
PG_ANSWER_MAX_AGE = 60.0


class ExtractorLike(Protocol):
    version: str

    def extract(
        self, text: str, *, published: date | None = None, doc_id: str | None = None
    ) -> list[Event]: ...

    def extract_many(
        self, docs: Iterable[ArticleInput], *, processes: int = 1
    ) -> Iterator[tuple[ArticleInput, list[Event]]]: ...

    def actors(self) -> list[Actor]: ...


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    total: int | None = None


@dataclass(frozen=True)
class IngestResult:
    article: Article
    events: list[Event]
    created: bool


@dataclass
class IngestSummary:
    articles_added: int = 0
    articles_skipped: int = 0
    events_added: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, article_id: str, outcome: tuple[Article, list[Event], bool] | Conflict) -> None:
        """Count one outcome of ``Store.add_articles``."""
        if isinstance(outcome, Conflict):
            self.errors.append(f"{article_id}: {outcome.detail}")
        elif outcome[2]:
            self.articles_added += 1
            self.events_added += len(outcome[1])
        else:
            self.articles_skipped += 1


@dataclass(frozen=True)
class ActorSummary:
    actor: Actor
    event_count: int
    as_source: int
    as_target: int


@dataclass(frozen=True)
class ActorProfile:
    actor: Actor
    event_count: int
    partners: list[dict]
    by_root: dict[str, int]
    by_quad_class: dict[int, int]
    recent_events: list[Event]
    series: list[SeriesPoint] = field(default_factory=list)
    interval: Interval = "month"


@dataclass(frozen=True)
class RelationSummary:
    source: str
    target: str
    directed: bool
    count: int
    mean_goldstein: float | None
    cooperation: int
    conflict: int
    first_date: date | None
    last_date: date | None
    by_code: dict[str, int]
    events: list[Event]
    series: list[SeriesPoint] = field(default_factory=list)
    interval: Interval = "month"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def prepare_article(item: ArticleInput) -> Article:
    """Normalise an input (sources.normalise: before the hash and extraction, so event
    offsets point into the stored text), validate it (``article_rules``) and give it its id
    (first 16 hex digits of the content hash when it has none)."""
    item = normalise_article(item)
    check_article(item)
    digest = content_hash(item.text)
    article_id = item.id.strip() if item.id and item.id.strip() else digest[:16]
    problem = id_problem(article_id)
    if problem is not None:
        raise InvalidInput(problem)
    return Article(
        id=article_id,
        text=item.text,
        title=item.title,
        url=item.url,
        source=item.source,
        published=item.published,
        content_hash=digest,
        provenance=item.provenance,
    )


class GraphService:
    """Everything the API and CLI do, over one store. Thread-safe; answers are cached by
    the data version they were built from and returned frozen (copy before changing)."""

    def __init__(
        self,
        settings: Settings,
        *,
        extractor: ExtractorLike | None = None,
        store: Store | None = None,
    ) -> None:
        self.settings = settings
        self._owns_store = store is None
        self.store = store if store is not None else Store(settings.database_url)
        self._extractor = extractor
        self._extract_lock = threading.RLock()
        max_age = PG_ANSWER_MAX_AGE if self.store.dialect == "postgresql" else None
        self._cache: AnswerCache[DataVersion] = AnswerCache(settings.cache_bytes, max_age=max_age)
        self.names = ActorNames(self._actors, extra_actors=settings.extra_actors)
        if extractor is not None:
            self.store.upsert_actors(extractor.actors())

    # -- extraction and ingest --------------------------------------------------------------

    @property
    def extractor(self) -> ExtractorLike:
        """The extractor, created on first use (loading spaCy takes about a second)."""
        with self._extract_lock:
            if self._extractor is None:
                from graphsvc.extract import Extractor

                extractor = Extractor(self.settings)
                # Kept only once its actors are stored: a failed write is retried next time.
                self.store.upsert_actors(extractor.actors())
                self._extractor = extractor
            return self._extractor

    def _own_events(self, article: Article, events: Iterable[Event], version: str) -> list[Event]:
        """Copies that point at the article (the extractor's objects stay untouched)."""
        return [
            replace(e, article_id=article.id, extractor_version=e.extractor_version or version)
            for e in events
        ]

    def ingest(self, item: ArticleInput) -> IngestResult:
        article = prepare_article(item)
        found = self.store.find_article(article)
        if found is not None:
            return IngestResult(*found)
        extractor = self.extractor
        with self._extract_lock:
            raw = extractor.extract(article.text, published=article.published, doc_id=article.id)
        events = self._own_events(article, raw, extractor.version)
        return IngestResult(*self.store.add_article(article, events))

    def extract_articles(self, items: Sequence[Article]) -> list[list[Event]]:
        """The events of each article (in order, pointing at it), extracted under this
        process's extraction lock: for queue workers, which store them themselves."""
        extractor = self.extractor
        docs = [ArticleInput(text=a.text, id=a.id, published=a.published) for a in items]
        with self._extract_lock:
            found = [raw for _, raw in extractor.extract_many(docs)]
        return [
            self._own_events(a, raw, extractor.version) for a, raw in zip(items, found, strict=True)
        ]

    def ingest_many(
        self,
        items: Iterable[ArticleInput],
        *,
        processes: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Ingest many articles; bad or conflicting ones are reported in ``errors``.

        ``progress`` is called with the number of items handled so far.
        """
        summary = IngestSummary()
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done)

        fresh = self._fresh(items, summary, tick)
        extractor = self.extractor
        batch: list[tuple[Article, list[Event]]] = []

        def flush() -> None:
            # One transaction per batch (the store's bulk path), each article whole.
            for (article, _), outcome in zip(batch, self.store.add_articles(batch), strict=True):
                summary.count(article.id, outcome)
                tick()
            batch.clear()

        with self._extract_lock:
            for doc, raw in extractor.extract_many(fresh, processes=processes):
                article = prepare_article(doc)
                batch.append((article, self._own_events(article, raw, extractor.version)))
                if len(batch) >= INGEST_BATCH:
                    flush()
            if batch:
                flush()
        return summary

    def _fresh(
        self, items: Iterable[ArticleInput], summary: IngestSummary, tick: Callable[[], None]
    ) -> Iterator[ArticleInput]:
        """The items not stored yet (with their ids set); others are counted and skipped."""
        for number, item in enumerate(items, start=1):
            try:
                article = prepare_article(item)
                if self.store.find_article(article) is None:
                    yield replace(item, id=article.id, text=article.text)  # normalised
                    continue
                summary.articles_skipped += 1
            except GraphsvcError as exc:
                summary.errors.append(f"item {number} ({item.id or 'no id'}): {exc.detail}")
            tick()

    def load_demo_if_empty(self) -> int:
        """Ingest the bundled demo corpus into an empty store; returns articles added."""
        if self.store.count_articles() > 0 or not DEMO_FILE.exists():
            return 0
        summary = self.ingest_many(read_demo(DEMO_FILE))
        for error in summary.errors:
            log.warning("demo corpus: %s", error)
        return summary.articles_added

    # -- articles ------------------------------------------------------------------------

    def get_article(self, article_id: str) -> tuple[Article, list[Event]]:
        # No stored id holds NUL, and PostgreSQL refuses one even in a comparison.
        found = None if "\x00" in article_id else self.store.get_article(article_id)
        if found is None:
            raise NotFound(f"No article with id '{article_id}'.")
        return found

    def list_articles(self, *, limit: int = 50, cursor: str | None = None) -> Page[Article]:
        """Newest first; a ``MICROSECONDS:ID`` cursor (``next``) or ``@OFFSET`` pages on."""
        offset, before = decode_articles_position(cursor)
        keyset = cursor if before is not None else None
        items, next_cursor = self.store.list_articles(
            limit=self._limit(limit), cursor=keyset, offset=offset
        )
        return Page(items, next_cursor, self.store.count_articles())

    def search_articles(
        self, q: str, *, limit: int = 50, cursor: str | None = None
    ) -> Page[Article]:
        """Articles matching every word of ``q`` (full text), best match first; the
        ``next`` cursor is ``@OFFSET``, and a ``MICROSECONDS:ID`` one keeps the articles
        stored before that one."""
        offset, before = decode_articles_position(cursor)
        items, total = self.store.search_articles(
            q, limit=self._limit(limit), offset=offset, before=before
        )
        end = offset + len(items)
        return Page(items, encode_search_cursor(end) if end < total else None, total)

    def event_reports(self, event_id: int) -> list[tuple[Event, Article]]:
        """The reports of an event (see Store.event_reports); NotFound when none."""
        found = self.store.event_reports(event_id)
        if not found:
            raise NotFound(f"No event with id {event_id}.")
        return found

    def delete_article(self, article_id: str) -> None:
        if "\x00" in article_id or not self.store.delete_article(article_id):
            raise NotFound(f"No article with id '{article_id}'.")

    def _limit(self, limit: int) -> int:
        if limit < 1:
            raise InvalidInput("limit must be at least 1.")
        return min(limit, self.settings.events_page_max)

    # -- actors, relations, events -------------------------------------------------------

    def _actors(self) -> dict[str, Actor]:
        return self._cached("actors", NO_FILTER, self.store.actors, events_matter=False)

    def actor(self, code: str) -> Actor:
        code = code.strip().upper()
        known = self._actors().get(code)
        if known is not None:
            return known
        if code and self.store.has_events_for(code):
            return Actor(code, code, "")
        raise NotFound(f"No actor with code '{code}'.")

    def list_actors(
        self, *, q: str | None = None, filters: EventFilter = NO_FILTER
    ) -> list[ActorSummary]:
        """Actors with matching events (most first); with ``q`` the actors it names, best
        match first (``search_actors``), with or without events."""
        if q and q.strip():
            return [
                ActorSummary(h.actor, h.event_count, h.as_source, h.as_target)
                for h in self.search_actors(q, filters).hits
            ]
        known = self._actors()
        return [
            ActorSummary(known.get(code) or Actor(code, code, ""), n, s, t)
            for code, n, s, t in self._actor_counts(filters)
        ]

    def _actor_counts(self, filters: EventFilter) -> list[tuple[str, int, int, int]]:
        return self._cached("actor_counts", filters, lambda: self.store.actor_counts(filters))

    def search_actors(self, q: str, filters: EventFilter = NO_FILTER) -> ActorSearch:
        """Actors named by ``q`` (codes, names, demonyms, capitals, office-holders…),
        ranked, each with why it matched and its event counts under ``filters``; close
        spellings as suggestions when nothing else matches."""
        counts = {code: (n, s, t) for code, n, s, t in self._actor_counts(filters)}
        return self.names.search(q, counts)

    def resolve_actor(self, item: str) -> str:
        """The code an ``actor=`` filter item (code or name) stands for; InvalidInput with
        "did you mean" suggestions when it names no actor or several."""
        return self.names.resolve(item)

    def actor_profile(
        self, code: str, filters: EventFilter = NO_FILTER, *, interval: Interval | None = None
    ) -> ActorProfile:
        """Partners, breakdowns, recent events and time series of an actor (cached)."""
        actor = self.actor(code)
        return self._cached(
            f"profile:{actor.code}:{interval}",
            filters,
            lambda: self._actor_profile(actor, filters, interval),
        )

    def _actor_profile(
        self, actor: Actor, filters: EventFilter, interval: Interval | None
    ) -> ActorProfile:
        known = self._actors()
        partners = [
            {
                "code": p["partner"],
                "label": known[p["partner"]].label if p["partner"] in known else p["partner"],
                "count": p["count"],
                "mean_goldstein": _round(p["mean_goldstein"]),
                "cooperation": p["cooperation"],
                "conflict": p["conflict"],
            }
            for p in self.store.partner_counts(actor.code, filters)
        ]
        return ActorProfile(
            actor=actor,
            event_count=self.store.count_events(filters, actor=actor.code),
            partners=partners,
            by_root=self.store.counts_by("root", filters, actor=actor.code),
            by_quad_class=self.store.counts_by("quad_class", filters, actor=actor.code),
            recent_events=self.store.latest_events(
                filters, actor=actor.code, limit=RECENT_EVENTS, with_titles=True
            ),
            **self._series_fields(filters, interval, actor=actor.code),
        )

    def relation(
        self,
        a: str,
        b: str,
        *,
        directed: bool,
        filters: EventFilter = NO_FILTER,
        interval: Interval | None = None,
        with_events: bool = True,
    ) -> RelationSummary:
        """The dyad a→b (or a–b both ways); its events most recent first, at most
        ``settings.events_page_max`` of them (the counts cover all), or none without
        ``with_events`` (pages read them a page at a time: ``relation_events``)."""
        source, target = self.actor(a).code, self.actor(b).code
        return self._cached(
            f"relation:{source}:{target}:{directed}:{interval}:{with_events}",
            filters,
            lambda: self._relation(source, target, directed, filters, interval, with_events),
        )

    def _relation(
        self,
        source: str,
        target: str,
        directed: bool,
        filters: EventFilter,
        interval: Interval | None,
        with_events: bool = True,
    ) -> RelationSummary:
        dyad = (source, target, directed)
        totals = self.store.dyad_totals(filters, dyad)
        events = (
            self.store.latest_events(
                filters, dyad=dyad, limit=self.settings.events_page_max, with_titles=True
            )
            if with_events
            else []
        )
        return RelationSummary(
            source=source,
            target=target,
            directed=directed,
            count=totals["count"],
            mean_goldstein=_round(totals["mean_goldstein"]),
            cooperation=totals["cooperation"],
            conflict=totals["conflict"],
            first_date=totals["first_date"],
            last_date=totals["last_date"],
            by_code=self.store.counts_by("code", filters, dyad=dyad),
            events=events,
            **self._series_fields(filters, interval, dyad=dyad, span=totals),
        )

    def relation_events(
        self,
        a: str,
        b: str,
        *,
        directed: bool,
        filters: EventFilter = NO_FILTER,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[Event]:
        """A page of the dyad's events, most recent first (undated last); ``cursor`` is the
        previous page's ``next_cursor`` (``cursors.encode_newest_cursor``)."""
        source, target = self.actor(a).code, self.actor(b).code
        before = decode_newest_cursor(cursor, self.store.dialect) if cursor else None
        limit = self._limit(limit)
        found = self.store.latest_events(
            filters,
            dyad=(source, target, directed),
            limit=limit + 1,
            with_titles=True,
            before=before,
        )
        items = found[:limit]
        more = len(found) > limit
        next_cursor = encode_newest_cursor(items[-1].date, items[-1].id or 0) if more else None
        return Page(items, next_cursor)

    def partner_months(
        self, code: str, partners: Sequence[str], filters: EventFilter = NO_FILTER
    ) -> dict[str, dict[int, int]]:
        """partner -> {yyyymm: events} of ``code`` with each of ``partners`` (one query)."""
        actor = self.actor(code)
        wanted = tuple(dict.fromkeys(partners))
        return self._cached(
            f"partner_months:{actor.code}:{','.join(wanted)}",
            filters,
            lambda: self.store.partner_months(actor.code, filters, wanted),
        )

    def _series_fields(
        self,
        filters: EventFilter,
        interval: Interval | None,
        *,
        actor: str | None = None,
        dyad: tuple[str, str, bool] | None = None,
        span: dict | None = None,
    ) -> dict:
        """``series`` and ``interval`` of a scope: counts by quad class and Goldstein per
        period, summed by the database (monthly rollups, or per day for short periods)."""
        if interval is None:
            if span is None:
                span = self.store.dyad_totals(filters, dyad, actor=actor)
            interval = default_interval(span["first_date"], span["last_date"])
        if interval in MONTHLY:
            rows = self.store.monthly_counts(filters, actor=actor, dyad=dyad)
            return {"series": fold_months(rows, interval), "interval": interval}
        days = self.store.daily_counts(filters, actor=actor, dyad=dyad)
        return {"series": fold(days, interval), "interval": interval}

    def events(
        self,
        filters: EventFilter,
        *,
        limit: int,
        cursor: str | None = None,
        source: str | None = None,
        target: str | None = None,
    ) -> Page[Event]:
        """A page of events (with ``source``/``target``: stored with that source/target);
        ``total`` (a full COUNT) only on the first page (no cursor)."""
        sides = (source, target)
        items, next_cursor = self.store.query_events(
            filters, limit=self._limit(limit), cursor=cursor, sides=sides, with_titles=True
        )
        total = self.store.count_events(filters, sides=sides) if cursor is None else None
        return Page(items, next_cursor, total)

    # -- graphs and renders ----------------------------------------------------------------

    def _cached(
        self,
        kind: str,
        filters: EventFilter,
        build: Callable[[], T],
        *,
        events_matter: bool = True,
    ) -> T:
        """The answer ``build()`` gives, cached by the data version it was built at. An
        answer built before newer events stays good when none of them matches its filter
        (``events_matter=False``: when only deletions and actor changes matter)."""
        version = self.store.version

        def still_valid(old: DataVersion) -> bool:
            if old.generation != version.generation:
                return False
            if not events_matter:
                return True
            if version.last_event_id - old.last_event_id > REVALIDATE_MAX_NEW:
                return False
            return not self.store.matches_since(old.last_event_id, filters)

        key = (kind, filters.cache_key())
        return self._cache.get_or_build(key, version, build, still_valid=still_valid)

    def _filtered_events(self, filters: EventFilter) -> list[Event]:
        return self.store.query_events(filters)[0]

    def multigraph(self, filters: EventFilter = NO_FILTER) -> nx.MultiDiGraph:
        def build() -> nx.MultiDiGraph:
            G = build_multigraph(
                self._filtered_events(filters), self._actors(), min_count=filters.min_count
            )
            return nx.freeze(G)

        return self._cached("multi", filters, build)

    def dyad_graph(self, filters: EventFilter = NO_FILTER) -> nx.DiGraph:
        """One edge per ordered pair, folded from the rollups (no event row is read)."""

        def build() -> nx.DiGraph:
            G = dyad_graph_from_sums(
                self.store.dyad_sums(filters), self._actors(), root_labels=self._root_labels
            )
            return nx.freeze(G)

        return self._cached("dyad", filters, build)

    def ego_graph(self, code: str, filters: EventFilter = NO_FILTER) -> nx.DiGraph:
        actor = self.actor(code)

        def build() -> nx.DiGraph:
            G = self.dyad_graph(filters)
            if actor.code in G:
                return nx.freeze(ego_of(G, actor.code))
            alone = nx.DiGraph()
            alone.add_node(actor.code, label=actor.label, kind=actor.kind, event_count=0)
            return nx.freeze(alone)

        return self._cached(f"ego:{actor.code}", filters, build)

    def graph_json(self, filters: EventFilter, *, multi: bool) -> bytes:
        """Serialised node-link JSON of the event multigraph or the dyad graph, cached."""
        graph = self.multigraph if multi else self.dyad_graph
        kind = "json:multi" if multi else "json:dyad"
        return self._cached(kind, filters, lambda: to_node_link_json(graph(filters)))

    def _events_csv(self, filters: EventFilter) -> bytes:
        # The streamed writer's bytes (labels and article columns joined in the store's
        # query); the store applies min_count too (events of busy dyads), like GET /events.
        chunks, _ = stream_events_export(self.store, self._actors(), "csv", filters)
        return b"".join(chunks)

    def export(
        self, fmt: str, filters: EventFilter = NO_FILTER, *, multi: bool = True
    ) -> tuple[bytes, str]:
        """(body, media type) for graphml | gexf | json | csv."""
        fmt = fmt.strip().lower()
        if fmt not in MEDIA_TYPES:
            raise InvalidInput(f"Unknown export format '{fmt}'; use graphml, gexf, json or csv.")
        if fmt == "json":
            return self.graph_json(filters, multi=multi), MEDIA_TYPES[fmt]
        if fmt == "csv":
            return self._events_csv(filters), MEDIA_TYPES[fmt]
        graph = self.multigraph(filters) if multi else self.dyad_graph(filters)
        writer = to_graphml if fmt == "graphml" else to_gexf
        return self._cached(f"{fmt}:{multi}", filters, lambda: writer(graph)), MEDIA_TYPES[fmt]

    def export_stream(
        self, fmt: str, filters: EventFilter = NO_FILTER, *, multi: bool = True
    ) -> tuple[Iterator[bytes], str]:
        """(bytes chunks, media type) for graphml | gexf | json | csv, streamed from a cursor
        for event-level output (csv, or ``multi``); the small dyad graph comes whole.
        Close the iterator to release the cursor when stopping early."""
        fmt = fmt.strip().lower()
        if fmt != "csv" and not multi:
            body, media_type = self.export(fmt, filters, multi=False)
            return iter((body,)), media_type
        if fmt not in MEDIA_TYPES:
            raise InvalidInput(f"Unknown export format '{fmt}'; use graphml, gexf, json or csv.")
        return stream_events_export(self.store, self._actors(), fmt, filters)

    def view_data(
        self, filters: EventFilter, *, ego: str | None = None, links: PageLinks | None = None
    ) -> dict:
        """What the graph page draws (``render.pagedata.page_data``) for these filters: the
        most active actors of the dyad graph (or of ``ego``'s neighbourhood) and their
        busiest dyads, chosen from per-pair counts in the store; the tooltips of the busiest
        drawn dyads list their most recent events. ``links`` must depend on nothing but
        the filters (the answer is cached by them)."""
        center = None if ego is None else self.actor(ego).code
        kind = "pagedata" if center is None else f"pagedata:{center}"

        def build() -> dict:
            cap = self.settings.page_node_cap
            page = cut(self.store.dyad_counts(filters), node_cap=cap, edge_cap=EDGE_CAP, ego=center)
            rank = {pair: i for i, pair in enumerate(page.pairs)}
            sums = self.store.dyad_sums(filters, pairs=page.pairs)
            sums.sort(key=lambda r: rank[(r.source, r.target)])
            shown = dyad_graph_from_sums(
                sums, self._actors(), root_labels=self._root_labels, activity=page.activity
            )
            # One index seek per dyad: sentences for the busiest; the others show their
            # counts, dates and main event types.
            dyads = [(r.source, r.target) for r in sums[:TOOLTIP_DYADS]]
            recent = self.store.recent_by_dyad(filters, dyads, per_dyad=MAX_INTERACTIONS)
            flat = [e for events in recent.values() for e in events]
            return page_data(
                shown,
                PageTotals(page.actors, page.dyads, page.events, page.dyads_among),
                interactions=build_multigraph(flat, self._actors()),
                links=links,
                cap=cap,
            )

        return self._cached(kind, filters, build)

    def timeline(self) -> Timeline:
        """Events per month of the whole store, from the monthly rollup."""
        return self._cached(
            "timeline", NO_FILTER, lambda: Timeline.from_rows(self.store.monthly_counts(NO_FILTER))
        )

    def view_html(
        self,
        filters: EventFilter,
        *,
        ego: str | None = None,
        title: str,
        links: PageLinks | None = None,
        measure: Measure = DEFAULT_MEASURE,
        after: str = "",
    ) -> str:
        """The interactive page of ``view_data``, with the store's time control (both
        cached; the page itself is only their composition). ``after`` (trusted, already
        escaped HTML: the actor page's partners and recent events) goes below the graph."""
        center = None if ego is None else self.actor(ego).code
        return page_html(
            self.view_data(filters, ego=center, links=links),
            title=title,
            filters=filters,
            timeline=self.timeline(),
            measure=measure,
            ego=center,
            after=after,
        )

    def view_form_html(
        self, filters: EventFilter, *, title: str, error: str, actor_text: str
    ) -> str:
        """The graph page's filter form shown again with ``error`` and no graph: what a
        browser gets for a filter it cannot draw (an unknown actor name, a bad date)."""
        empty = page_data(nx.DiGraph(), PageTotals(0, 0, 0, 0))
        return page_html(empty, title=title, filters=filters, error=error, actor_text=actor_text)

    @functools.cached_property
    def network(self) -> NetworkAnalysis:
        """Centrality, communities and cooperative paths over the dyad graph, cached."""
        recent = self.store.recent_by_dyad
        return NetworkAnalysis(
            graph=self.dyad_graph, cached=self._cached, recent_by_dyad=recent, actor=self.actor
        )

    @functools.cached_property
    def changes(self) -> ChangeFinder:
        """Dyads whose recent window departs from their baseline (analysis/changes.py)."""
        s = self.store
        return ChangeFinder(s.window_sums, s.extreme_events, s.last_event_date, self._cached)

    # -- reference data and overview ---------------------------------------------------------

    @functools.cached_property
    def _root_labels(self) -> dict[str, str]:
        """CAMEO root -> its name, for the dyad graph's ``top_labels``."""
        return {c.code: c.label for c in self.ontology() if c.level == "root"}

    def ontology(self) -> list[CameoCode]:
        from graphsvc.extract.ontology import load_ontology

        return load_ontology().all()

    def stats(self) -> dict:
        actors = self.list_actors(filters=NO_FILTER)
        return {
            "articles": self.store.count_articles(),
            "events": self.store.count_events(NO_FILTER),
            "actors": len(actors),
            "top_actors": actors[:TOP_ACTORS],
            "recent_articles": self.store.list_articles(limit=RECENT_ARTICLES)[0],
        }

    def ready(self) -> None:
        """Readiness: DatabaseUnavailable unless the store answers one cheap read."""
        self.store.ping()

    def close(self) -> None:
        """Release the database connections (of a store this service created)."""
        self._cache.clear()
        if self._owns_store:
            self.store.close()


def read_demo(path: Path) -> Iterator[ArticleInput]:
    """Articles from a JSON-lines file (id, title, url, source, published, text); lines that
    cannot be read are logged and skipped."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                published = row.get("published")
                yield ArticleInput(
                    text=row["text"],
                    id=row.get("id"),
                    title=row.get("title"),
                    url=row.get("url"),
                    source=row.get("source"),
                    published=date.fromisoformat(published) if published else None,
                    provenance=DEMO,
                )
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                log.warning("%s:%d: skipped (%s)", path, number, exc)
