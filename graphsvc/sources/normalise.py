"""Text normalisation, once, on the way in: before the content hash and before extraction,
so the stored text is the text the event offsets point into.

- line breaks: CRLF, CR, NEL (U+0085), vertical tab, form feed and the Unicode line and
  paragraph separators become ``\\n``;
- Unicode NFC (a precomposed ``é``, whatever the source sent);
- control characters removed, except ``\\n`` and ``\\t``; so are the invisible characters
  web pages scatter inside words (soft hyphen, zero-width space, word joiner, a BOM), which
  would split ``Ger\\u00admany`` into two tokens;
- no-break and other fixed-width spaces become a plain space (one character for one).

NUL is the exception to the removal: a text holding NUL is binary data or read in the
wrong encoding, and stays refused by ``article_rules`` (422, ``file:line``) rather than
stored with the NULs dropped. Bidirectional marks and joiners (U+200C/U+200D) are kept:
they carry meaning in Arabic, Persian and Indic scripts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from graphsvc.models import ArticleInput

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls but NUL, \t, \n (the line breaks above are gone by then); DEL; and the
# invisible in-word characters: soft hyphen, zero-width space, word joiner, BOM.
_REMOVED = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff]")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Metadata is one line: every break or tab is a space there.
_ONE_LINE = re.compile("[\n\t]")


def normalise_text(text: str) -> str:
    """``text`` with line breaks, Unicode form, controls and spaces normalised (see above)."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _REMOVED.sub("", text)
    text = _SPACES.sub(" ", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def normalise_line(value: str | None) -> str | None:
    """A metadata field (title, source, author): normalised, on one line, trimmed."""
    if value is None:
        return None
    return _ONE_LINE.sub(" ", normalise_text(value)).strip()


def normalise_article(item: ArticleInput) -> ArticleInput:
    """``item`` with its text and metadata normalised; the id is left as given (the id
    rules refuse controls and spaces in it already)."""
    text = normalise_text(item.text)
    title = normalise_line(item.title)
    source = normalise_line(item.source)
    url = item.url.strip() if item.url else item.url
    if (text, title, source, url) == (item.text, item.title, item.source, item.url):
        return item
    return replace(item, text=text, title=title or None, source=source or None, url=url or None)
