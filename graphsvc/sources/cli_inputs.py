"""What ``graphsvc ingest`` is given: files, directories and http(s) URLs, mixed. Files are
read and checked first (input_files), then each URL is fetched and read; any failure stops
the run before anything is stored, naming the file (and line) or the URL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from graphsvc.article_rules import article_problem
from graphsvc.errors import InputFileError, InvalidInput
from graphsvc.input_files import read_inputs
from graphsvc.models import ArticleInput
from graphsvc.sources.fetch import FetchPolicy
from graphsvc.sources.normalise import normalise_article
from graphsvc.sources.page_input import article_from_url


def is_url(arg: str) -> bool:
    return arg[:8].lower().startswith(("http://", "https://"))


def read_ingest_inputs(
    args: Sequence[str], *, published: date | None, policy: FetchPolicy
) -> list[ArticleInput]:
    """The articles of ``args`` in their order (a directory gives its files, sorted)."""
    for arg in args:
        if not is_url(arg) and not Path(arg).exists():
            raise InputFileError(arg, None, "no such file or directory")
    files = {
        arg: [doc.item for doc in read_inputs([Path(arg)], published=published)]
        for arg in args
        if not is_url(arg)
    }
    items: list[ArticleInput] = []
    for arg in args:
        items.extend(files[arg] if arg in files else [_read_url(arg, published, policy)])
    return items


def _read_url(url: str, published: date | None, policy: FetchPolicy) -> ArticleInput:
    try:
        item = normalise_article(article_from_url(url, policy))
    except InvalidInput as exc:  # the page holds no article text
        raise InputFileError(url, None, exc.detail) from None
    if item.published is None and published is not None:
        item = replace(item, published=published)
    problem = article_problem(item)
    if problem is not None:
        raise InputFileError(url, None, problem)
    return item
