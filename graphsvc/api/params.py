"""Strict scalar types for what clients send: ISO dates, whole numbers, true/false.

Pydantic's lax parsing would take ``date_from=0`` or ``1609459200`` as Unix timestamps,
``2021-01-01T00:00`` as a date, ``limit=1.0`` as 1 and ``multi=yes`` as true: none of that is
in the OpenAPI, so these types accept exactly what it declares (``format: date``, ``integer``,
``boolean``) and say what is expected otherwise.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from graphsvc.models import INT_MAX

__all__ = [
    "BLANK",
    "INT_MAX",
    "NOT_BLANK",
    "STORABLE",
    "STORABLE_TEXT",
    "IsoDate",
    "QueryBool",
    "parse_iso_date",
    "parse_whole",
    "whole_number",
]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE = re.compile(r"-?[0-9]+")
ISO_DATE_HINT = "a date as YYYY-MM-DD, like 2021-01-13"


# A string holding something besides whitespace, "whitespace" being exactly what str.strip()
# removes (str.isspace), spelt out so that every regex engine reads the same class.
_SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace())
NOT_BLANK = f"[^{_SPACES}]"
BLANK = f"^[{_SPACES}]*$"
# No NUL character (neither PostgreSQL nor the article rules accept one); "(?![\s\S])" is the
# end of the string in every dialect (Python's "$" also matches before a final newline).
STORABLE = r"^[^\u0000]*(?![\s\S])"
# The article text: storable, and something besides whitespace.
STORABLE_TEXT = rf"^[^\u0000]*[^{_SPACES}\u0000][^\u0000]*(?![\s\S])"


def parse_iso_date(value: Any) -> Any:
    """'2021-01-13' -> date; a date passes; anything else is a validation error."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", f"Input should be {ISO_DATE_HINT}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_format", "Input should be a real calendar date as YYYY-MM-DD"
        ) from None


def parse_whole(value: Any) -> Any:
    """'42' or '-1' -> int (bounds are checked after); '1.0', '1e3', ' 4' are errors."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str) or not _WHOLE.fullmatch(value):
        raise PydanticCustomError("int_format", "Input should be a whole number in digits, like 5")
    try:
        return int(value)
    except ValueError:  # over Python's 4300-digit limit for int()
        raise PydanticCustomError("int_format", "Input is far too large a number") from None


def _parse_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise PydanticCustomError("bool_format", "Input should be true or false")


def whole_number(low: int, high: int) -> Any:
    """An integer parameter from ``low`` to ``high``. The bounds sit inside the type (not on
    ``Query``) so that the OpenAPI shows them as ``minimum``/``maximum``."""
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(parse_whole)]


IsoDate = Annotated[date, BeforeValidator(parse_iso_date)]
QueryBool = Annotated[bool, BeforeValidator(_parse_bool)]
