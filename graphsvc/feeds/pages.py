"""An entry's fetched page -> its article text and metadata, by the same extraction as
``POST /articles {"url"}`` (graphsvc/sources: the page's charset, then trafilatura)."""

from __future__ import annotations

from graphsvc.feeds.poller import FetchedLike, PageArticle
from graphsvc.sources.decode import decode_page
from graphsvc.sources.html_article import extract_article
from graphsvc.sources.page_input import HTML_TYPES


def read_page(fetched: FetchedLike) -> PageArticle | None:
    """The article of the page; InvalidInput when the page holds no article text."""
    page = decode_page(fetched.body, fetched.charset, fetched.content_type)
    if fetched.content_type not in HTML_TYPES:  # text/plain: the text is the article
        return PageArticle(text=page.strip()) if page.strip() else None
    found = extract_article(page, url=fetched.url)
    return PageArticle(
        text=found.text,
        title=found.title,
        published=found.published,
        author=found.author,
        canonical_url=found.canonical_url,
    )
