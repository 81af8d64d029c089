"""What an article must look like to be stored, the same for HTTP, the CLI and the queue.

- text: not empty, at most ``MAX_TEXT_CHARS`` characters (spaCy's default ``max_length``:
  longer texts would fail in the pipeline, and need gigabytes of memory before they do);
- id: 1-200 characters, none of them whitespace, ``/``, ``\\``, a control or format character
  (bidi marks, zero-width spaces) or a lone surrogate, and not ``.`` or ``..``: an id is a
  URL path segment (``/articles/{id}``, percent-encoded there) and must read back unchanged;
- no field holds a NUL character or a lone surrogate (PostgreSQL and UTF-8 cannot store them).

Each check returns a short clause ("article longer than …") that the CLI prints after
``file:line:`` and ``check_article`` turns into the sentence of a 422.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

from graphsvc.errors import InvalidInput
from graphsvc.models import ArticleInput

MAX_TEXT_CHARS = 1_000_000
# Characters of a text the full-text search indexes (PostgreSQL caps a tsvector at 1 MB).
SEARCH_INDEXED_CHARS = 100_000
MAX_ID_CHARS = 200
# The metadata caps of the HTTP schema (api.schemas.ArticleIn), applied to every input.
MAX_FIELD_CHARS = {"title": 1000, "url": 2000, "source": 200}
ID_RULE = (
    f"An article id must be 1-{MAX_ID_CHARS} characters without whitespace, slashes, "
    "control or invisible formatting characters, and not '.' or '..'."
)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Unicode categories an id may not use: separators, controls, format characters, surrogates.
_BAD_ID_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs"})


def id_problem(article_id: str) -> str | None:
    """Why ``article_id`` cannot be an id (a clause), or None when it can."""
    if not 1 <= len(article_id) <= MAX_ID_CHARS or article_id in (".", ".."):
        return ID_RULE
    for char in article_id:
        if _is_bad_id_char(char):
            return f"{ID_RULE} It contains {_describe(char)}."
    return None


def _is_bad_id_char(char: str) -> bool:
    return char in "/\\" or char.isspace() or unicodedata.category(char) in _BAD_ID_CATEGORIES


@functools.cache
def id_pattern() -> str:
    """``id_problem``'s rule as a regular expression for the OpenAPI document (empty allowed:
    an empty optional id reads as none). The excluded characters are listed as escaped
    ranges, derived from this Python's Unicode tables, since JSON Schema patterns have no
    Unicode categories. About 0.15 s, once."""
    ranges: list[list[int]] = []
    for point in range(sys.maxunicode + 1):
        # Lone surrogates are left out: regex engines on UTF-8 strings reject a surrogate
        # range, and UTF-8 cannot carry one (id_problem still refuses them).
        if _is_bad_id_char(chr(point)) and not 0xD800 <= point <= 0xDFFF:
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1][1] = point
            else:
                ranges.append([point, point])
    excluded = "".join(
        _escape(first) if first == last else f"{_escape(first)}-{_escape(last)}"
        for first, last in ranges
    )
    # "(?![\s\S])" is the end of the string in both dialects (Python's "$" also matches
    # before a final newline).
    end = r"(?![\s\S])"
    return rf"^(?!\.{{1,2}}{end})[^{excluded}]{{0,{MAX_ID_CHARS}}}{end}"


def _escape(point: int) -> str:
    # ECMA-262 (JSON Schema's regex dialect) has no \U escape: astral characters go in as
    # themselves (JSON carries them as surrogate pairs, which decode back to one character).
    return f"\\u{point:04x}" if point <= 0xFFFF else chr(point)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "") or f"U+{ord(char):04X}"
    return f"'{char}'" if char in "/\\" else f"{name.lower()} (U+{ord(char):04X})"


def too_long(length: int | None = None) -> str:
    counted = f" ({length:,})" if length is not None else ""
    return f"article longer than {MAX_TEXT_CHARS:,} characters{counted}"


def article_problem(item: ArticleInput) -> str | None:
    """Why ``item`` cannot be stored (a clause naming the field), or None when it can.
    The id is checked by ``id_problem`` once it is known (it may be generated)."""
    if len(item.text) > MAX_TEXT_CHARS:
        return too_long(len(item.text))
    if not item.text.strip():
        return "the article text is empty"
    fields = {"text": item.text, "id": item.id, "title": item.title}
    fields |= {"url": item.url, "source": item.source}
    for name, value in fields.items():
        if value is None:
            continue
        limit = MAX_FIELD_CHARS.get(name)
        if limit is not None and len(value) > limit:
            return f"the {name} is longer than {limit:,} characters"
        bad = _UNSTORABLE.search(value)
        if bad:
            what = "a NUL character" if bad.group() == "\x00" else "an unpaired surrogate"
            return f"the {name} contains {what} (U+{ord(bad.group()):04X}), which cannot be stored"
    return None


def check_article(item: ArticleInput) -> None:
    """InvalidInput (422) with a sentence when ``item`` breaks one of the rules above."""
    problem = article_problem(item)
    if problem is not None:
        raise InvalidInput(sentence(problem))


def sentence(clause: str) -> str:
    """A clause as a sentence: capitalised, with a full stop."""
    text = clause[:1].upper() + clause[1:]
    return text if text.endswith(".") else text + "."
