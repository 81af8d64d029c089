"""Bytes of a fetched page -> text, choosing the charset the way browsers do.

Order: a byte-order mark; the charset of the Content-Type header; for HTML/XML, a
``<meta charset>`` / ``http-equiv`` / XML declaration in the first bytes; else UTF-8 when
the bytes are valid UTF-8; else a statistical guess (charset-normalizer); else windows-1252.
As in the WHATWG Encoding standard, the labels latin1 / iso-8859-1 / us-ascii mean
windows-1252 (pages labelled ISO-8859-1 use its 0x80-0x9F punctuation). Bytes that do not
fit the chosen charset become U+FFFD: a remote page with one bad byte is still readable.
"""

from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels browsers read as another encoding (WHATWG Encoding, "labels").
_ALIASES = {
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "x-user-defined": "cp1252",
}
# Python codecs that are not document charsets (see graphsvc/api/charsets.py).
_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined"}
)
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)""", re.I)
_MARKUP_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when it names none (or a non-charset)."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    try:
        b"probe".decode(name)
    except LookupError:  # bytes-to-bytes transforms (base64, zlib...) refuse here
        return None
    except UnicodeError:
        pass
    return None if name in _NOT_CHARSETS else name


def sniff_markup_charset(body: bytes) -> str | None:
    """The charset declared in the first bytes of an HTML/XML document, as a codec name."""
    head = body[:_PRESCAN_BYTES]
    for pattern in (_XML_DECL, _META_CHARSET):
        match = pattern.search(head)
        if match:
            name = codec_for(match.group(1).decode("ascii"))
            # A page cannot declare UTF-16 in ASCII-compatible bytes: browsers take UTF-8.
            if name is not None and name.startswith("utf-16"):
                return "utf-8"
            if name is not None:
                return name
    return None


def choose_charset(body: bytes, header_charset: str | None, media_type: str) -> str:
    """The codec to decode ``body`` with (see the module docstring for the order)."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return name
    declared = codec_for(header_charset)
    if declared is not None:
        return declared
    if media_type in _MARKUP_TYPES:
        sniffed = sniff_markup_charset(body)
        if sniffed is not None:
            return sniffed
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    return _guess(body)


def _guess(body: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    name = codec_for(best.encoding) if best is not None else None
    return name or "cp1252"


def decode_page(body: bytes, header_charset: str | None, media_type: str) -> str:
    """``body`` as text (a BOM is dropped; undecodable bytes become U+FFFD)."""
    name = choose_charset(body, header_charset, media_type)
    text = body.decode(name, errors="replace")
    return text.removeprefix("\ufeff")
