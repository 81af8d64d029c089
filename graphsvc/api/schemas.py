"""Pydantic models of the HTTP API, named by role (what goes in, what comes out).

They mirror the domain records in ``graphsvc.models`` but are the only place where the
wire format is decided; ``from_domain`` helpers keep the routes free of field copying.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graphsvc.api.params import STORABLE, STORABLE_TEXT, IsoDate
from graphsvc.article_rules import ID_RULE, MAX_ID_CHARS, MAX_TEXT_CHARS, id_pattern
from graphsvc.models import Actor, Article, ArticleInput, Event, Provenance, SeriesPoint
from graphsvc.sources.markup import text_of

# An example written for the docs: a short wire-style story in the shape of the seed article.
EXAMPLE_TEXT = (
    "Russian President Vladimir Putin told Turkish President Recep Tayyip Erdogan about "
    "his meeting with the leaders of Azerbaijan and Armenia during a phone call on Wednesday.\n\n"
    "On Monday in Moscow, Putin, Azerbaijani President Ilham Aliyev and Armenian Prime "
    "Minister Nikol Pashinian signed an agreement to restore transport links in the region."
)

EXAMPLE_ARTICLE = {
    "text": EXAMPLE_TEXT,
    "title": "Putin briefs Erdogan on Karabakh talks with Azerbaijan and Armenia",
    "url": "https://example.org/news/2021-01-13-karabakh-call",
    "source": "example wire",
    "published": "2021-01-13",
}

EXAMPLE_URL_ARTICLE = {"url": "https://example.org/news/2021-01-13-karabakh-call"}
POSTED = Provenance(origin="post")

EXAMPLE_EVENT = {
    "id": 1,
    "source": "RUS",
    "target": "TUR",
    "code": "041",
    "root": "04",
    "quad_class": 1,
    "goldstein": 1.0,
    "label": "Discuss by telephone",
    "date": "2021-01-13",
    "date_precision": "day",
    "sentence": EXAMPLE_TEXT.split("\n")[0],
    "source_text": "Vladimir Putin",
    "target_text": "Recep Tayyip Erdogan",
    "source_sector": "GOV",
    "target_sector": "GOV",
    "trigger_text": "phone call",
    "group_id": None,
    "symmetric": True,
    "negated": False,
    "confidence": 0.9,
    "article_id": "a1b2c3d4e5f6",
    "article_title": EXAMPLE_ARTICLE["title"],
    "event_id": 1,
    "reports": 3,
}


def _example(example: dict[str, Any], **config: Any) -> ConfigDict:
    """A model config whose one example the OpenAPI docs show."""
    return ConfigDict(json_schema_extra={"examples": [example]}, **config)


def _pattern(pattern: Callable[[], str]) -> Callable[[dict[str, Any]], None]:
    """Sets a pattern on a field's string branch (``str | None`` is an anyOf). The article
    rules check these; the pattern only declares them."""

    def set_pattern(schema: dict[str, Any]) -> None:
        for branch in schema.get("anyOf", [schema]):
            if branch.get("type") == "string":
                branch["pattern"] = pattern()

    return set_pattern


def _storable() -> str:
    return STORABLE


class ArticleIn(BaseModel):
    """An article to ingest. Only ``text`` is required."""

    model_config = _example(EXAMPLE_ARTICLE, extra="ignore")

    text: str = Field(
        description="The full article text (UTF-8), not only whitespace, no NUL character, at most "
        f"{MAX_TEXT_CHARS:,} characters.",
        json_schema_extra={"pattern": STORABLE_TEXT, "maxLength": MAX_TEXT_CHARS},
    )
    id: str | None = Field(
        None,
        max_length=MAX_ID_CHARS,
        description="Your id for the article; generated when absent or empty. " + ID_RULE,
        json_schema_extra=_pattern(id_pattern),
    )
    title: str | None = Field(None, max_length=1000, json_schema_extra=_pattern(_storable))
    url: str | None = Field(None, max_length=2000, json_schema_extra=_pattern(_storable))
    source: str | None = Field(
        None,
        max_length=200,
        description="Outlet or feed name.",
        json_schema_extra=_pattern(_storable),
    )
    published: IsoDate | None = Field(
        None,
        description="Publication date as YYYY-MM-DD; relative dates in the text resolve "
        "against it.",
    )

    def to_input(self) -> ArticleInput:
        """The domain input (empty optional strings read as absent)."""
        return ArticleInput(
            text=text_of(self.text),  # HTML tags in the text: read as a fragment
            id=self.id or None,
            title=self.title or None,
            url=self.url or None,
            source=self.source or None,
            published=self.published,
            provenance=POSTED,
        )


class ArticleUrlIn(BaseModel):
    """A web page to fetch and ingest: its main text, title, date, author and canonical URL
    are read from the HTML (boilerplate dropped); ``title`` and ``published`` given here
    replace the page's."""

    model_config = _example(EXAMPLE_URL_ARTICLE, extra="ignore")

    url: str = Field(
        max_length=2000,
        description="An http(s) URL of a public host (private, loopback and link-local "
        "addresses are refused unless GRAPHSVC_FETCH_ALLOW_PRIVATE=true). The page must be "
        "text/html, application/xhtml+xml or text/plain.",
        pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+",
    )
    id: str | None = Field(
        None,
        max_length=MAX_ID_CHARS,
        description="Your id for the article; generated when absent or empty. " + ID_RULE,
        json_schema_extra=_pattern(id_pattern),
    )
    title: str | None = Field(
        None,
        max_length=1000,
        description="Replaces the page's title.",
        json_schema_extra=_pattern(_storable),
    )
    source: str | None = Field(
        None,
        max_length=200,
        description="Outlet or feed name.",
        json_schema_extra=_pattern(_storable),
    )
    published: IsoDate | None = Field(
        None, description="Replaces the page's publication date (YYYY-MM-DD)."
    )


class EventPublic(BaseModel):
    model_config = _example(EXAMPLE_EVENT)

    id: int | None
    source: str
    target: str
    code: str = Field(description="CAMEO event code, e.g. 041.")
    root: str = Field(description="CAMEO root code (first two digits).")
    quad_class: int = Field(
        description="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict."
    )
    goldstein: float
    label: str
    date: date | None
    date_precision: str
    sentence: str
    source_text: str
    target_text: str
    source_sector: str | None
    target_sector: str | None
    trigger_text: str
    group_id: str | None
    symmetric: bool
    negated: bool
    confidence: float
    article_id: str | None
    article_title: str | None = None
    event_id: int | None = Field(
        default=None,
        description="The event this row reports: its own id when the row is the event "
        "(every row of the default `unit=events`), else the id of the event's row "
        "(`unit=reports`).",
    )
    reports: int = Field(
        default=1,
        description="How many articles reported the event (GET /events/{id}/reports lists "
        "them); 0 on a row that reports another row's event.",
    )
    dataset: str = Field(
        "graphsvc",
        description="Where the event comes from: graphsvc (extracted here) or the dataset "
        "`graphsvc import` read it from (gdelt1, gdelt2, icews, polecat, acled).",
    )
    dataset_event_id: str | None = Field(None, description="The event's id in its dataset.")
    source_url: str | None = Field(None, description="The evidence document (GDELT SOURCEURL).")
    num_mentions: int | None = Field(None, description="GDELT's NumMentions (with mentions).")
    num_sources: int | None = Field(None, description="GDELT's NumSources.")
    num_articles: int | None = Field(None, description="GDELT's NumArticles.")

    @classmethod
    def from_domain(cls, event: Event) -> EventPublic:
        return cls(
            event_id=event.event_id if event.event_id is not None else event.id,
            reports=event.reports,
            id=event.id,
            source=event.source,
            target=event.target,
            code=event.code,
            root=event.root,
            quad_class=event.quad_class,
            goldstein=event.goldstein,
            label=event.label,
            date=event.date,
            date_precision=event.date_precision,
            sentence=event.sentence,
            source_text=event.source_text,
            target_text=event.target_text,
            source_sector=event.source_sector,
            target_sector=event.target_sector,
            trigger_text=event.trigger_text,
            group_id=event.group_id,
            symmetric=event.symmetric,
            negated=event.negated,
            confidence=event.confidence,
            article_id=event.article_id,
            article_title=(event.extra or {}).get("article_title"),
            dataset=event.dataset,
            dataset_event_id=event.dataset_event_id,
            source_url=event.source_url,
            num_mentions=event.num_mentions,
            num_sources=event.num_sources,
            num_articles=event.num_articles,
        )


class EventsPublic(BaseModel):
    data: list[EventPublic]
    count: int | None = Field(
        description="Number of events matching the filters (all pages); given on the first "
        "page only (no `cursor`), null on later pages, so paging never re-counts."
    )
    next: str | None = Field(description="Cursor for the next page (pass as `cursor`), or null.")


class ArticlePublic(BaseModel):
    """An article's metadata (the text is in ``ArticleWithEvents``)."""

    id: str
    title: str | None
    url: str | None
    source: str | None
    published: date | None
    content_hash: str
    length: int = Field(description="Length of the text in characters.")
    origin: str | None = Field(
        description="Where the article came from: post (POST /articles or /articles/batch), "
        "file (graphsvc ingest), url (a fetched web page), feed, import, demo; null for "
        "articles stored before this was recorded."
    )
    origin_ref: str | None = Field(description="Which feed or dataset, for those origins.")
    fetched_url: str | None = Field(
        description="The address the page was fetched from, after redirects."
    )
    fetched_at: datetime | None = Field(description="When the page was fetched (UTC).")
    author: str | None = Field(description="The author the page names, if any.")
    canonical_url: str | None = Field(
        description="The page's canonical URL (<link rel=canonical> or og:url), if any."
    )

    @classmethod
    def from_domain(cls, article: Article) -> ArticlePublic:
        return cls(**_article_fields(article))


def _article_fields(article: Article) -> dict[str, Any]:
    p = article.provenance or Provenance()
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": article.published,
        "content_hash": article.content_hash,
        "length": len(article.text),
        "origin": p.origin,
        "origin_ref": p.origin_ref,
        "fetched_url": p.fetched_url,
        "fetched_at": p.fetched_at,
        "author": p.author,
        "canonical_url": p.canonical_url,
    }


class ArticleWithEvents(ArticlePublic):
    text: str
    events: list[EventPublic]

    @classmethod
    def build(cls, article: Article, events: list[Event]) -> ArticleWithEvents:
        # Events read with their article carry no joined title; they all share this one.
        listed = [EventPublic.from_domain(e) for e in events]
        for event in listed:
            if event.article_title is None:
                event.article_title = article.title
        return cls(**_article_fields(article), text=article.text, events=listed)


class ArticlesPublic(BaseModel):
    data: list[ArticlePublic]
    count: int = Field(description="Total number of stored articles (this page if unknown).")
    next: str | None = Field(description="Cursor for the next page (pass as `cursor`), or null.")


# An actor found by name (GET /actors?q=Putin), for the docs.
EXAMPLE_ACTOR = {
    "code": "RUS",
    "label": "Russia",
    "kind": "state",
    "event_count": 12,
    "as_source": 8,
    "as_target": 4,
    "has_events": True,
    "match": "exact",
    "matched": "Vladimir Putin, head of state of Russia",
}


class ActorPublic(BaseModel):
    model_config = _example(EXAMPLE_ACTOR)

    code: str
    label: str
    kind: str
    event_count: int
    as_source: int
    as_target: int
    has_events: bool = Field(description="Whether the actor has events under the filters.")
    match: str | None = Field(
        default=None,
        description="With q: how the query matched, best first: exact, prefix, contains "
        "(the query inside a name) or fuzzy (a close spelling).",
    )
    matched: str | None = Field(
        default=None,
        description="With q: the name that matched and what it is, e.g. "
        "'Ankara, capital of Turkey' or 'Dmitry Medvedev, former head of government of Russia'.",
    )


class ActorsPublic(BaseModel):
    data: list[ActorPublic]
    count: int
    suggestions: list[str] = Field(
        default_factory=list,
        description="With q: names spelled close to it when nothing else matched.",
    )


class PartnerPublic(BaseModel):
    code: str
    label: str
    count: int
    mean_goldstein: float | None
    cooperation: int
    conflict: int


class SeriesPointPublic(BaseModel):
    period: str = Field(description="2021-01-13, 2021-W02, 2021-01, 2021-Q1 or 2021.")
    start: date = Field(description="First day of the period.")
    count: int
    by_quad_class: dict[int, int] = Field(
        description="Events per quad class: 1 verbal cooperation, 2 material cooperation, "
        "3 verbal conflict, 4 material conflict."
    )
    goldstein_sum: float
    goldstein_mean: float | None

    @classmethod
    def from_domain(cls, point: SeriesPoint) -> SeriesPointPublic:
        return cls(
            period=point.period,
            start=point.start,
            count=point.count,
            by_quad_class=point.by_quad_class,
            goldstein_sum=round(point.goldstein_sum, 3),
            goldstein_mean=point.goldstein_mean,
        )


SERIES_DESCRIPTION = (
    "Dated events per period (every period from the first to the last, empty ones included)."
)


class ActorProfilePublic(BaseModel):
    code: str
    label: str
    kind: str
    aliases: list[str]
    event_count: int
    partners: list[PartnerPublic]
    by_root: dict[str, int]
    by_quad_class: dict[int, int]
    recent_events: list[EventPublic]
    interval: str
    series: list[SeriesPointPublic] = Field(description=SERIES_DESCRIPTION)

    @classmethod
    def build(cls, actor: Actor, **rest: Any) -> ActorProfilePublic:
        return cls(
            code=actor.code,
            label=actor.label,
            kind=actor.kind,
            aliases=list(actor.aliases),
            **rest,
        )


class RelationPublic(BaseModel):
    source: str
    target: str
    directed: bool = Field(description="False for an a=&b= query (both directions counted).")
    count: int
    mean_goldstein: float | None
    cooperation: int
    conflict: int
    first_date: date | None
    last_date: date | None
    by_code: dict[str, int]
    events: list[EventPublic]
    interval: str
    series: list[SeriesPointPublic] = Field(description=SERIES_DESCRIPTION)


class CameoCodePublic(BaseModel):
    model_config = _example(
        {
            "code": "041",
            "root": "04",
            "label": "Discuss by telephone",
            "goldstein": 1.0,
            "quad_class": 1,
            "level": "base",
            "plover": "CONSULT",
        }
    )

    code: str
    root: str
    label: str
    goldstein: float
    quad_class: int
    level: str = Field(description="root (two digits), base (three) or sub (four).")
    plover: str | None = Field(description="The PLOVER event type the code maps to, if any.")


class Health(BaseModel):
    status: str
    version: str


class ProblemError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details; every error response has this shape."""

    model_config = _example(
        {
            "type": "about:blank",
            "title": "Not found",
            "status": 404,
            "detail": "No actor with code 'XYZ'.",
            "instance": "/actors/XYZ",
        }
    )

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemError] | None = None
