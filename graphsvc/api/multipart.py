"""multipart/form-data read strictly: a field that is not UTF-8 is a 400, never mojibake.

Starlette's form parser falls back to Latin-1 for a field it cannot decode, so bad bytes
would be stored as mangled text with a 201. Parts sent as files are read as text too: a
.txt file uploaded in the ``text`` field is an article like a typed one.
"""

from __future__ import annotations

from collections.abc import Collection

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from graphsvc.errors import BadEncoding, GraphsvcError


class _Parts:
    """python-multipart callbacks that keep each part's Content-Disposition and bytes."""

    def __init__(self) -> None:
        self.parts: list[tuple[bytes, bytes]] = []
        self._field = b""
        self._value = b""
        self._disposition = b""
        self._data = bytearray()

    def on_part_begin(self) -> None:
        self._disposition = b""
        self._data = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def on_header_end(self) -> None:
        if self._field.strip().lower() == b"content-disposition":
            self._disposition = self._value
        self._field = self._value = b""

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self._data += data[start:end]

    def on_part_end(self) -> None:
        self.parts.append((self._disposition, bytes(self._data)))

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }


def parse_multipart(body: bytes, content_type: str, wanted: Collection[str]) -> dict[str, str]:
    """The ``wanted`` fields of a multipart body as text (a repeated name: the last value).

    Other fields, binary uploads included, are skipped unread. BadEncoding when a wanted
    field is not UTF-8; GraphsvcError (400) when the body is not multipart at all.
    """
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise GraphsvcError("The multipart Content-Type header has no boundary.")
    collected = _Parts()
    try:
        parser = MultipartParser(boundary, collected.callbacks())
        parser.write(body)
        parser.finalize()
    except FormParserError:
        raise GraphsvcError("The multipart body is malformed.") from None
    fields: dict[str, str] = {}
    for disposition, data in collected.parts:
        _, options = parse_options_header(disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if name not in wanted:
            continue
        try:
            fields[name] = data.decode("utf-8-sig")  # a BOM from an uploaded file is no text
        except UnicodeDecodeError:
            raise BadEncoding(f"The form field '{name}' is not valid UTF-8.") from None
    return fields
