"""Per-event text described as data, so the database can render it (``store.rendered``)
while the Python writers (``render.streaming``) stay the reference for every byte.

A template is a sequence of literal strings and ``Field`` values. Each field names a value
of the streamed event row (``graphsvc.rows.ROW_FIELDS`` or ``CSV_ROW_FIELDS``) and how it is
spelled. The database renders a row only when it can spell it exactly as the Python writer
does; any other row (a character to escape or drop, a float whose text it cannot match) is
handed to the Python writer instead, so the output is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# How a value is written:
#   int        decimal digits ("%d")
#   float      Python's repr
#   bool_xml   true / false          bool_py   True / False (as csv writes Python booleans)
#   xml_text   XML element content   xml_attr  XML attribute value in double quotes
#   json       the inside of a JSON string (orjson's escaping)
#   csv        a CSV cell (RFC 4180 quoting as the csv module's QUOTE_MINIMAL)
#   csv_guard  a CSV cell with the spreadsheet-formula guard (render.csv.guard) first
Kind = Literal["int", "float", "bool_xml", "bool_py", "xml_text", "xml_attr", "json", "csv",
               "csv_guard"]  # fmt: skip
TEXT_KINDS = frozenset({"xml_text", "xml_attr", "json", "csv", "csv_guard"})
# Which characters send a row to the Python writer (see store.rendered):
#   xml   markup characters, controls, U+FFFE/U+FFFF (double quotes are escaped in SQL)
#   json  backslashes, controls, U+FFFE/U+FFFF (double quotes are escaped in SQL)
#   csv   none but NUL (quoting and the formula guard are done in SQL), and for a
#         screened field also what would need quoting (see Field.screen)
Syntax = Literal["xml", "json", "csv"]


@dataclass(frozen=True, slots=True)
class Field:
    """A value of the event row, by its name, written as ``kind``.

    ``screen`` (CSV cells, SQLite): the database writes the value as it is, without testing
    whether it needs quoting; a row where it would (a comma, quote or line break: rare in
    codes, labels and ids, common in sentences) goes to the Python writer instead. Cheaper
    where such rows are rare; the bytes are the same either way."""

    name: str
    kind: Kind
    screen: bool = False


Piece = str | Field


@dataclass(frozen=True, slots=True)
class RowTemplate:
    """The text of one event: ``dated`` for an event with a date, ``undated`` (when given)
    for one without. ``context`` says the row carries the CSV_ROW_FIELDS (labels, article)."""

    syntax: Syntax
    dated: tuple[Piece, ...]
    undated: tuple[Piece, ...] | None = None
    context: bool = False
    separator: bytes = b""  # between the texts of two events (a comma in JSON arrays)

    def fields(self) -> list[Field]:
        """Every field of the template, once each, in order of first use."""
        seen: dict[Field, None] = {}
        for piece in (*self.dated, *(self.undated or ())):
            if isinstance(piece, Field):
                seen.setdefault(piece)
        return list(seen)


def parse_percent(template: str, fields: list[Field]) -> tuple[Piece, ...]:
    """Pieces from a ``%``-template (``%s``, ``%d``, ``%r``, ``%%``) whose placeholders take
    ``fields`` in order: the Python writers keep their templates, this reads them."""
    pieces: list[Piece] = []
    literal: list[str] = []
    values = iter(fields)
    i = 0
    while i < len(template):
        char = template[i]
        if char != "%":
            literal.append(char)
            i += 1
            continue
        spec = template[i + 1]
        i += 2
        if spec == "%":
            literal.append("%")
            continue
        if spec not in "sdr":
            raise ValueError(f"unsupported placeholder %{spec}")
        if literal:
            pieces.append("".join(literal))
            literal = []
        pieces.append(next(values))
    if literal:
        pieces.append("".join(literal))
    if next(values, None) is not None:
        raise ValueError("more fields than placeholders")
    return tuple(pieces)
