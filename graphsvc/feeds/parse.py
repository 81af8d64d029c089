"""RSS 2.0, Atom and RDF (RSS 1.0) documents -> entries, with feedparser.

feedparser reads all three (and older RSS), decodes the document from its declared or
detected encoding, resolves relative links against the feed's URL and sanitises HTML. A
document that is not well-formed XML sets its ``bozo`` flag; feedparser then reads it again
with a lenient parser. **Partially parseable feeds**: when that second reading still finds
entries with a link or some text, they are used and the feed's status is ``partial`` with
the parser's complaint as its error (a stray ``&`` or an unclosed tag in one item should
not hide the rest); when it finds none, the poll is an error. A document with no feed
format at all (an HTML page, JSON) is an error, whatever its content type.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from xml.sax import SAXParseException

import feedparser

from graphsvc.feeds.text import html_to_text

_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
MAX_KEY_CHARS = 120  # longer entry ids and links are kept as a hash (feed_entries.entry_key)
# Remarks, not errors: the document was read all the same (decoded with the encoding found in
# it rather than the declared one; served without an XML content type, or with none).
_BENIGN = (
    feedparser.CharacterEncodingOverride,
    feedparser.CharacterEncodingUnknown,
    feedparser.NonXMLContentType,
)
FORMATS = {"rss": "RSS", "atom": "Atom", "rdf": "RDF"}


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # entry id, else link, else a hash of its content: how it is recognised again
    link: str | None
    title: str | None
    published: date | None
    author: str | None
    text: str  # the entry's own content or summary as plain text ("" when it has none)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    format: str | None  # feedparser's version: rss20, atom10, rss10 … (None: not a feed)
    entries: list[FeedEntry]
    problem: str | None  # why the XML is malformed, when it is

    @property
    def usable(self) -> bool:
        """A feed, and either well-formed or with entries that can give an article (a
        link or some text: a title alone, cut off by the breakage, cannot)."""
        if self.format is None:
            return False
        return self.problem is None or any(e.link or e.text for e in self.entries)


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a fetched feed document. Never raises on bad input: see ``problem``."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    problem = None
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _BENIGN):
        problem = _describe(parsed.get("bozo_exception"))
    version = parsed.get("version") or None
    entries = [_entry(e) for e in parsed.get("entries", [])]
    if version is None and entries:
        version = "unknown"  # items read by the lenient parser from a document of no known kind
    title = _clean(parsed.get("feed", {}).get("title"))
    return ParsedFeed(title=title, format=version, entries=entries, problem=problem)


def _describe(exc: Any) -> str:
    if isinstance(exc, SAXParseException):
        return (
            f"the document is not well-formed XML (line {exc.getLineNumber()}): {exc.getMessage()}"
        )
    return f"the document could not be read: {exc or 'unknown reason'}"


def _entry(e: Any) -> FeedEntry:
    link = _clean(e.get("link"))
    title = _clean(e.get("title"))
    text = _entry_text(e)
    ident = _clean(e.get("id")) or link
    key = ident or "sha256:" + hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
    if len(key) > MAX_KEY_CHARS:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return FeedEntry(
        key=key,
        link=link,
        title=title,
        published=_published(e),
        author=_clean(e.get("author")),
        text=text,
    )


def _entry_text(e: Any) -> str:
    """The longest of the entry's contents and its summary, as plain text."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in e.get("content", [])]
    detail = e.get("summary_detail") or {}
    if e.get("summary"):
        candidates.append((e.get("summary"), detail.get("type") or "text/html"))
    texts = [html_to_text(value) if "html" in kind else value.strip() for value, kind in candidates]
    return max(texts, key=len, default="").replace("\x00", "")


def _published(e: Any) -> date | None:
    parsed = e.get("published_parsed") or e.get("updated_parsed")
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()
    except (OverflowError, ValueError, OSError):
        return None


def _clean(value: Any) -> str | None:
    """One line of text; NUL and other control characters dropped (a lenient parse can let
    them through, and PostgreSQL cannot store a NUL)."""
    if not isinstance(value, str):
        return None
    value = " ".join(_CONTROLS.sub(" ", value).split())
    return value or None
