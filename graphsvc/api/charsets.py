"""Decode a request body by the charset of its Content-Type.

Python's codec registry is not a list of charsets: it also holds bytes-to-bytes transforms
(base64, hex, zlib, rot13) and codecs for other jobs (punycode, idna, unicode_escape) that
can turn bytes into lone surrogates, which no store accepts. Only text encodings meant for
documents are taken (415 otherwise); bytes that do not decode, or decode to text that is
not valid Unicode, are a 400.
"""

from __future__ import annotations

import codecs
import re

from graphsvc.errors import BadEncoding, UnsupportedMediaType

BAD_UTF8 = "The request body is not valid UTF-8."
# Text codecs that are not character sets of documents (names as codecs.lookup gives them).
NOT_CHARSETS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined"}
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _is_text_encoding(name: str) -> bool:
    """bytes -> str codecs decode; the others refuse with LookupError before decoding."""
    try:
        b"probe".decode(name)
    except LookupError:
        return False
    except UnicodeError:
        return True
    return True


def text_codec(charset: str | None) -> str:
    """The codec name for ``charset`` (UTF-8 when absent); 415 when it is no text charset."""
    try:
        name = codecs.lookup(charset or "utf-8").name
    except LookupError:
        raise UnsupportedMediaType(f"Unknown charset '{charset}'; send UTF-8.") from None
    if name in NOT_CHARSETS or not _is_text_encoding(name):
        raise UnsupportedMediaType(
            f"The charset '{charset}' is not a text encoding for documents; send UTF-8."
        )
    return name


def decode_body(body: bytes, charset: str | None) -> str:
    """``body`` as text; 415 for a charset that is not one, 400 for bytes that do not decode
    to valid Unicode in it."""
    name = text_codec(charset)
    try:
        text = body.decode(name)
    except UnicodeError:
        if name == "utf-8":
            raise BadEncoding(BAD_UTF8) from None
        raise BadEncoding(f"The request body is not valid {charset}.") from None
    if _SURROGATE.search(text):  # a defensive check: no charset above yields these
        raise BadEncoding(f"The request body does not decode to valid Unicode in {charset}.")
    return text
