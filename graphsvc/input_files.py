"""Input files of ``ingest`` and ``extract``: .txt files (one article each), .jsonl files (one
per line), .html/.htm pages (one article each, read by sources.html_article) and directories
of them, read and checked before anything is processed. Texts are normalised
(sources.normalise) as they are read, so the checks judge the text that will be stored.

Every article must pass ``graphsvc.article_rules`` here already, so that a bad one is
reported as ``file:line: reason`` and nothing of the run is stored. A JSONL line is never
held in memory beyond ``JSONL_LINE_MAX_BYTES``, whatever its size on disk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from graphsvc.article_rules import MAX_TEXT_CHARS, article_problem, id_problem, too_long
from graphsvc.bounded_lines import bounded_lines
from graphsvc.errors import InputFileError, InvalidInput
from graphsvc.models import ArticleInput, Provenance
from graphsvc.sources.decode import decode_page
from graphsvc.sources.markup import text_of
from graphsvc.sources.normalise import normalise_article, normalise_text

HTML_SUFFIXES = (".html", ".htm")
INPUT_SUFFIXES = (".txt", ".jsonl", *HTML_SUFFIXES)
FROM_FILE = Provenance(origin="file")
# A page holds its text and the markup around it: more bytes than a .txt of the same text.
HTML_MAX_BYTES = 20_000_000
DATE_IN_NAME = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
TITLE_MAX = 200  # a .txt file's first line becomes its title only when it is this short
TXT_MAX_BYTES = 4 * MAX_TEXT_CHARS + 3  # UTF-8 takes at most 4 bytes a character (+ a BOM)
# A JSON line may escape every character of the text as \uXXXX\uXXXX (12 bytes); 1 MB more
# for the other fields.
JSONL_LINE_MAX_BYTES = 12 * MAX_TEXT_CHARS + (1 << 20)


@dataclass(frozen=True)
class InputDoc:
    """An article read from a file, with where it came from (for ids and messages)."""

    item: ArticleInput
    path: Path
    line: int | None  # None for .txt files


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus every .txt/.jsonl under named directories (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in INPUT_SUFFIXES)
            )
        elif path.suffix in INPUT_SUFFIXES:
            files.append(path)
        else:
            raise InputFileError(
                str(path), None, "unsupported file type (use .txt, .jsonl, .html or .htm)"
            )
    return files


def _decode(raw: bytes, path: Path, line: int | None) -> str:
    try:
        return raw.decode("utf-8-sig" if line in (None, 1) else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(str(path), line, f"not valid UTF-8 (byte {exc.start})") from None


def date_in_name(path: Path) -> date | None:
    """A YYYY-MM-DD in a file name (wire archives name files by day), if it is a real date."""
    for match in DATE_IN_NAME.finditer(path.stem):
        try:
            return date.fromisoformat(match.group())
        except ValueError:
            continue
    return None


def read_txt(path: Path) -> InputDoc:
    """The whole file is the text; a short first line also becomes the title."""
    size = path.stat().st_size
    if size > TXT_MAX_BYTES:  # more characters than allowed, however they are encoded
        raise InputFileError(str(path), None, f"{too_long()}; the file has {size:,} bytes")
    text = normalise_text(text_of(_decode(path.read_bytes(), path, None)))
    if not text.strip():
        raise InputFileError(str(path), None, "the file is empty")
    lines = text.strip().splitlines()
    first = lines[0].strip()
    title = first if len(lines) > 1 and len(first) <= TITLE_MAX else None
    item = ArticleInput(text=text, title=title, published=date_in_name(path), provenance=FROM_FILE)
    problem = article_problem(item)
    if problem is not None:
        raise InputFileError(str(path), None, problem)
    return InputDoc(item, path, None)


def read_html(path: Path) -> InputDoc:
    """The article of an HTML page: its main text, title, date (else the date in the file
    name), author and canonical URL. The charset is the page's own (BOM, <meta>), else
    UTF-8 or a guess; see sources.decode."""
    from graphsvc.sources.page_input import article_from_html

    size = path.stat().st_size
    if size > HTML_MAX_BYTES:
        raise InputFileError(
            str(path), None, f"the page has {size:,} bytes, over {HTML_MAX_BYTES:,}"
        )
    html = decode_page(path.read_bytes(), None, "text/html")
    try:
        item = article_from_html(html, provenance=FROM_FILE)
    except InvalidInput as exc:
        raise InputFileError(str(path), None, exc.detail[:1].lower() + exc.detail[1:]) from None
    item = normalise_article(item)
    if item.published is None:
        item = replace(item, published=date_in_name(path))
    problem = article_problem(item)
    if problem is not None:
        raise InputFileError(str(path), None, problem)
    return InputDoc(item, path, None)


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"'{key}' must be a string")
    return str(value)


def _record_date(record: dict[str, Any]) -> date | None:
    key = "published" if record.get("published") not in (None, "") else "date"
    value = record.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be an ISO date string like 2021-01-13")
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise ValueError(f"'{key}' is not an ISO date (YYYY-MM-DD): {value!r}") from None


def parse_record(record: Any) -> ArticleInput:
    """One JSONL record -> ArticleInput; ValueError with a short message when malformed."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("missing 'text' (a string)")
    if not text.strip():
        raise ValueError("'text' is empty")
    item = ArticleInput(
        text=text_of(text),  # HTML tags in the text: read as a fragment
        id=_optional_str(record, "id"),
        title=_optional_str(record, "title"),
        url=_optional_str(record, "url"),
        source=_optional_str(record, "source"),
        published=_record_date(record),
        provenance=FROM_FILE,
    )
    item = normalise_article(item)
    problem = article_problem(item) or (id_problem(item.id.strip()) if item.id else None)
    if problem is not None:
        raise ValueError(problem)
    return item


def read_jsonl(path: Path) -> list[InputDoc]:
    """Every record of the file, or InputFileError naming the first bad line."""
    docs = []
    with path.open("rb") as handle:
        for number, raw in bounded_lines(handle, JSONL_LINE_MAX_BYTES):
            if raw is None:  # not read whole: memory stays bounded whatever the line's size
                where = f"the line has over {JSONL_LINE_MAX_BYTES:,} bytes"
                raise InputFileError(str(path), number, f"{too_long()}; {where}")
            line = _decode(raw, path, number)
            if not line.strip():
                continue
            try:
                docs.append(InputDoc(parse_record(json.loads(line)), path, number))
            except json.JSONDecodeError as exc:
                raise InputFileError(str(path), number, f"invalid JSON: {exc.msg}") from None
            except ValueError as exc:
                raise InputFileError(str(path), number, str(exc)) from None
    return docs


def read_inputs(paths: Iterable[Path], *, published: date | None = None) -> list[InputDoc]:
    """Read and validate every file before anything is processed: one bad line, nothing done.

    ``published`` is the date for articles that bring none (a record without a date, a .txt
    file without a date in its name).
    """
    docs: list[InputDoc] = []
    for path in collect_files(paths):
        if path.suffix == ".jsonl":
            docs.extend(read_jsonl(path))
        else:
            docs.append(read_html(path) if path.suffix in HTML_SUFFIXES else read_txt(path))
    if published is None:
        return docs
    return [
        doc if doc.item.published else replace(doc, item=replace(doc.item, published=published))
        for doc in docs
    ]


def doc_id(doc: InputDoc) -> str:
    """Ids for ``extract`` output: the record's id, else file stem (plus line for JSONL)."""
    if doc.item.id:
        return doc.item.id
    return doc.path.stem if doc.line is None else f"{doc.path.stem}:{doc.line}"
