"""Web pages and HTML documents -> ``ArticleInput``, with their provenance: the one place
the API (``POST /articles`` with a URL or an HTML body), ``graphsvc ingest`` (URLs, .html
files) and feeds turn a page into an article."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from graphsvc.models import ArticleInput, Provenance
from graphsvc.sources.decode import decode_page
from graphsvc.sources.fetch import PAGE_TYPES, FetchPolicy, fetch
from graphsvc.sources.html_article import extract_article
from graphsvc.sources.normalise import normalise_line

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def article_from_html(
    html: str,
    *,
    base_url: str | None = None,
    provenance: Provenance | None = None,
) -> ArticleInput:
    """The article in ``html`` (a page or a fragment): text, title, date, author and
    canonical URL from the markup. ``url`` of the result is the canonical URL when the page
    declares one. InvalidInput when no text is found."""
    page = extract_article(html, url=base_url)
    meta = provenance or Provenance()
    return ArticleInput(
        text=page.text,
        title=page.title,
        url=page.canonical_url,
        published=page.published,
        provenance=replace(meta, author=page.author, canonical_url=page.canonical_url),
    )


def article_from_url(
    url: str,
    policy: FetchPolicy,
    *,
    origin: str = "url",
    origin_ref: str | None = None,
) -> ArticleInput:
    """Fetch ``url`` (FetchError when refused or failed) and read its article: HTML through
    the extractor, text/plain as it is. ``url`` of the result is the page's canonical URL,
    else the address it was fetched from."""
    fetched = fetch(url, policy, accept=PAGE_TYPES)
    text = decode_page(fetched.body, fetched.charset, fetched.content_type)
    provenance = Provenance(
        origin=origin,
        origin_ref=origin_ref,
        fetched_url=fetched.url,
        fetched_at=fetched.fetched_at,
    )
    if fetched.content_type in HTML_TYPES:
        item = article_from_html(text, base_url=fetched.url, provenance=provenance)
        return replace(item, url=item.url or fetched.url)
    return ArticleInput(text=text, url=fetched.url, provenance=provenance)


def with_overrides(
    item: ArticleInput, *, title: str | None = None, published: date | None = None
) -> ArticleInput:
    """``item`` with the title / date the user gave instead of the page's."""
    title = normalise_line(title) or None
    return replace(
        item,
        title=title if title is not None else item.title,
        published=published if published is not None else item.published,
    )
