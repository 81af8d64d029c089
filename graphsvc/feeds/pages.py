"""An entry's fetched page -> its article text and metadata."""

from __future__ import annotations

import re

from graphsvc.feeds.poller import FetchedLike, PageArticle
from graphsvc.feeds.text import html_to_text
from graphsvc.sources.decode import decode_page

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.I | re.S)
_BODY = re.compile(r"<body\b[^>]*>(.*?)</body>", re.I | re.S)


def read_page(fetched: FetchedLike) -> PageArticle | None:
    """Interim reader until the fetcher's HTML extraction lands: the <article> (else the
    <body>) as text, the <title> as title."""
    page = decode_page(fetched.body, fetched.charset, fetched.content_type)
    if fetched.content_type == "text/plain":
        return PageArticle(text=page.strip()) if page.strip() else None
    title = _TITLE.search(page)
    main = _ARTICLE.search(page) or _BODY.search(page)
    text = html_to_text(main.group(1) if main else page)
    if not text:
        return None
    return PageArticle(text=text, title=html_to_text(title.group(1)) if title else None)
