"""The shape of streamed event rows, shared by the store (which selects them) and the
streaming writers (which read them by position): plain tuples, no ``Event`` objects.

Dates arrive as ISO text, ``""`` when undated; ``source_sector``, ``target_sector`` and
``group_id`` are ``""`` when missing (never ``None``); booleans may arrive as 0/1 (SQLite).
"""

from __future__ import annotations

from typing import Any, NamedTuple

# Column order of an event row. The writers index rows with the constants below.
ROW_FIELDS = (
    "id", "source", "target", "code", "root", "quad_class", "goldstein", "label", "date",
    "date_precision", "sentence", "article_id", "source_text", "target_text", "source_sector",
    "target_sector", "group_id", "symmetric", "confidence", "negated", "mentions",
    "trigger_text", "extractor_version",
)  # fmt: skip
(
    ID, SOURCE, TARGET, CODE, ROOT, QUAD_CLASS, GOLDSTEIN, LABEL, DATE, DATE_PRECISION,
    SENTENCE, ARTICLE_ID, SOURCE_TEXT, TARGET_TEXT, SOURCE_SECTOR, TARGET_SECTOR, GROUP_ID,
    SYMMETRIC, CONFIDENCE, NEGATED, MENTIONS, TRIGGER_TEXT, EXTRACTOR_VERSION,
) = range(len(ROW_FIELDS))  # fmt: skip

EventRow = tuple[Any, ...]  # values in ROW_FIELDS order (any indexable row works)


class NodeRecord(NamedTuple):
    """An actor as a node of the event multigraph under a filter; ``first_date`` and
    ``last_date`` (ISO, "" when none of its events is dated) bound its dated events."""

    code: str
    label: str
    kind: str
    event_count: int
    first_date: str = ""
    last_date: str = ""


# What the events CSV reads after the ROW_FIELDS, from the actors and articles tables (outer
# joins on their primary keys in the same query): the actor's label (its code when the store
# has no actor row), the article's title and URL ("" when missing) and publication date (ISO
# text, "" when unknown).
CONTEXT_FIELDS = ("source_label", "target_label", "article_title", "article_url",
                  "article_published")  # fmt: skip
CSV_ROW_FIELDS = ROW_FIELDS + CONTEXT_FIELDS
SOURCE_LABEL, TARGET_LABEL, ARTICLE_TITLE, ARTICLE_URL, ARTICLE_PUBLISHED = range(
    len(ROW_FIELDS), len(CSV_ROW_FIELDS)
)

# The events CSV (render.csv, and PostgreSQL's COPY in store.copy_csv): its columns.
CSV_COLUMNS = (
    "event_id", "date", "date_precision", "source", "source_label", "target", "target_label",
    "code", "root", "quad_class", "goldstein", "label", "source_text", "source_sector",
    "target_text", "target_sector", "trigger_text", "group_id", "symmetric", "negated",
    "confidence", "mentions", "article_id", "article_title", "article_url",
    "article_published", "sentence", "extractor_version",
)  # fmt: skip
# Every column whose text can come from the input: the article's words, its id, title and
# URL, the group id made from it, and actor labels (a user's actor file can name them). A
# cell starting with one of FORMULA_START is one a spreadsheet would evaluate (OWASP/ASVS:
# = + - @ tab CR NUL, and the full-width forms some locales accept); it gets a leading
# apostrophe. Codes, sectors, dates and event labels come from the project's own tables.
TEXT_COLUMNS = frozenset(
    {"label", "source_text", "target_text", "trigger_text", "sentence", "article_id", "group_id",
     "source_label", "target_label", "article_title", "article_url"}
)  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20")
