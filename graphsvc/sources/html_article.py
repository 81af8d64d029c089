"""An HTML page -> the article in it: main text, title, date, author, canonical URL.

trafilatura does the work: it drops navigation, ads, related links, comments and footers,
and reads dates from JSON-LD / meta tags / the page (htmldate). It was chosen after scoring
it on the hand-written news pages of tests/fixtures/html against readability-lxml and
jusText (bench/html_extraction.py; figures in bench/README.md): it kept every paragraph of
the article and no boilerplate on all of them, and is the only one of the three that also
gives the metadata.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from graphsvc.article_rules import MAX_FIELD_CHARS
from graphsvc.errors import InvalidInput
from graphsvc.sources.markup import markup_to_text

# trafilatura and htmldate log every page they find no date or no text in at INFO/WARNING.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.ERROR)

NO_TEXT = "No article text was found in the HTML page"
MAX_URL_CHARS = MAX_FIELD_CHARS["url"]
_WHOLE_PAGE = re.compile(r"<(html|body|head)[\s>]", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HEAD_CHARS = 4096  # where <html>/<body> must appear for the input to be a whole page
_HEAD_SEARCH_CHARS = 500_000  # canonical links are in the head: no need to parse more
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class HtmlArticle:
    text: str  # paragraphs separated by a newline, the title line left out
    title: str | None
    published: date | None
    author: str | None
    canonical_url: str | None


def extract_article(html: str, *, url: str | None = None) -> HtmlArticle:
    """The article of ``html`` (decoded text; see sources.decode). ``url`` is where the
    page came from, used to resolve a relative canonical link. InvalidInput when the page
    holds no article text."""
    import trafilatura  # imported on first use: it takes ~0.3 s

    if not _WHOLE_PAGE.search(html[:_HEAD_CHARS]):
        return _fragment(html)
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    if document is None or not (document.text or "").strip():
        raise InvalidInput(f"{NO_TEXT}.")
    title = _clean(document.title)
    text = _drop_title_line(document.text, title)
    if not text.strip():
        raise InvalidInput(f"{NO_TEXT}.")
    return HtmlArticle(
        text=text,
        title=title,
        published=_date(document.date),
        author=_clean(document.author),
        canonical_url=canonical_url(html, url),
    )


def canonical_url(html: str, base: str | None) -> str | None:
    """The page's own idea of its address: ``<link rel="canonical">``, else ``og:url``,
    resolved against ``base``; only http(s) URLs. (trafilatura's ``url`` falls back to the
    address it was given, which is not what the page declared.)"""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        # lxml refuses a str that still holds its XML declaration (XHTML pages).
        tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html[:_HEAD_SEARCH_CHARS]))
    except (etree.ParserError, ValueError):
        return None
    found = [
        link.get("href", "")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    found += [
        meta.get("content", "") for meta in tree.iter("meta") if meta.get("property") == "og:url"
    ]
    for href in found:
        href = href.strip()
        if not href:
            continue
        absolute = urljoin(base, href) if base else href
        if absolute.startswith(("http://", "https://")) and len(absolute) <= MAX_URL_CHARS:
            return absolute
    return None


def _fragment(html: str) -> HtmlArticle:
    """A piece of markup without <html>/<body>: the body of an article someone sent, with no
    page around it, so no boilerplate to strip (and trafilatura mangles loose inline text)."""
    text = markup_to_text(html)
    if not text:
        raise InvalidInput(f"{NO_TEXT}.")
    return HtmlArticle(text=text, title=None, published=None, author=None, canonical_url=None)


def _drop_title_line(text: str, title: str | None) -> str:
    """trafilatura often repeats the headline as the first line: the title is stored
    apart, and the text starts with the story."""
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        return rest
    return text


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None


def _date(value: str | None) -> date | None:
    if not value or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
