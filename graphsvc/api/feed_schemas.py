"""Request and response bodies of /feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from graphsvc.api.params import STORABLE
from graphsvc.feed_records import Feed
from graphsvc.feeds.registry import MAX_INTERVAL_S, MAX_TITLE_CHARS
from graphsvc.feeds.urls import MAX_URL_CHARS
from graphsvc.settings import Settings

# What checked_feed_url accepts, as the OpenAPI states it: http(s), a host name or IPv4
# address, an optional port 1-65535, then anything without spaces or control characters.
_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
URL_PATTERN = (
    rf"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~-]+(:{_PORT})?"
    r"([/?#][^\u0000-\u0020\u007f-\u009f]*)?$"
)

EXAMPLE_FEED = {"url": "https://example.org/world/rss.xml", "interval_s": 900}


def _whole(value: Any) -> Any:
    """A JSON number that is whole (60, and 60.0, which JSON Schema counts as an integer);
    strings, booleans and fractions are refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("int_type", "Input should be a whole number of seconds")
    return value


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"example": EXAMPLE_FEED})

    url: str = Field(
        min_length=1,
        max_length=MAX_URL_CHARS,
        description="The feed's address: http:// or https://, with a host, no user name or "
        "password (RSS 2.0, Atom or RDF).",
    )
    interval_s: Annotated[int, Field(ge=1, le=MAX_INTERVAL_S), BeforeValidator(_whole)] | None = (
        Field(
            None,
            description="Seconds between polls (default GRAPHSVC_FEED_INTERVAL, 900; at least "
            "GRAPHSVC_FEED_MIN_INTERVAL, 60).",
        )
    )
    title: str | None = Field(
        None,
        max_length=MAX_TITLE_CHARS,
        description="A name for the feed, the source of its articles (default: the "
        "feed's own title).",
    )


def feed_in_schema(settings: Settings) -> dict[str, Any]:
    """FeedIn as the OpenAPI states it: the URL's pattern (what ``checked_feed_url`` takes;
    the model leaves the check to it, for a sentence rather than a regex in the error) and
    the shortest interval these settings allow."""
    schema = FeedIn.model_json_schema(ref_template="#/components/schemas/{model}")
    schema["properties"]["url"]["pattern"] = URL_PATTERN
    for option in schema["properties"]["title"].get("anyOf", []):
        if option.get("type") == "string":
            option["pattern"] = STORABLE  # no NUL (the registry refuses one)
    interval = schema["properties"]["interval_s"]
    for option in interval.get("anyOf", [interval]):
        if option.get("type") == "integer":
            option["minimum"] = settings.feed_min_interval
    return schema


class FeedPublic(BaseModel):
    id: int
    url: str
    title: str | None = Field(description="As registered, else the feed's own title.")
    interval_s: int = Field(description="Seconds between polls.")
    enabled: bool
    last_fetch_at: datetime | None = Field(description="UTC; null before the first poll.")
    last_status: str = Field(
        description="new (not polled yet), ok, not_modified (the server answered 304), "
        "partial (malformed XML, the entries that could be read were used) or error."
    )
    last_error: str | None = Field(description="What went wrong at the last poll, if anything.")
    consecutive_failures: int = Field(
        description="Failed polls in a row; each doubles the wait before the next (backoff, "
        "from twice the interval up to 6 hours, never under the interval)."
    )
    next_due_at: datetime = Field(description="UTC: when the feed is polled next.")
    articles_added: int = Field(description="Articles its entries have added to the store.")
    created_at: datetime
    url_self: str = Field(description="This feed's URL in the API.")

    @classmethod
    def build(cls, feed: Feed, url_self: str) -> FeedPublic:
        return cls(
            id=feed.id,
            url=feed.url,
            title=feed.title,
            interval_s=feed.interval_s,
            enabled=feed.enabled,
            last_fetch_at=_utc(feed.last_fetch_at) if feed.last_fetch_at else None,
            last_status=feed.last_status,
            last_error=feed.last_error,
            consecutive_failures=feed.consecutive_failures,
            next_due_at=_utc(feed.next_due_at),
            articles_added=feed.articles_added,
            created_at=_utc(feed.created_at),
            url_self=url_self,
        )


class FeedsPublic(BaseModel):
    feeds: list[FeedPublic]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
