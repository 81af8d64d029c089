"""Markup inside text: HTML fragments read as a browser shows them.

A text handed in as plain text (a JSON ``text``, a text/plain body, a .txt file, a JSONL
record) that holds HTML tags — ``France <b>condemned</b> Germany`` from a scraper or a CMS
export — is read as an HTML fragment: tags dropped, entities decoded, blocks and <br> on
lines of their own. The tags are recognised only with the names of HTML elements
(``<b>``, ``</p>``, ``<a href=...>``, ``<br/>``), so ``a <3 b``, ``x < y > z`` or
``<Reuters>`` stay text. This happens once, where a text comes in (the API's ArticleIn,
input_files), never again in prepare_article: a fragment's text may hold a literal ``<b>``
(from ``&lt;b&gt;``), which must not be read a second time.
"""

from __future__ import annotations

import re

_ELEMENTS = (
    "a abbr address article aside b bdi bdo big blockquote body br caption center cite code "
    "dd del dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 head header hr "
    "html i img ins kbd li main mark nav ol p pre q s samp script section small span strike "
    "strong style sub sup table tbody td tfoot th thead time tr tt u ul var wbr"
)
_TAG = re.compile(rf"</?(?:{'|'.join(_ELEMENTS.split())})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_INVISIBLE = ("script", "style", "noscript", "template", "head", "title")
# Elements that start a line of their own (the rest flow inline).
_BLOCK_NAMES = """address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3
h4 h5 h6 header hr li main nav ol p pre section table td th tr ul"""
_BLOCKS = frozenset(_BLOCK_NAMES.split())
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREAK = "\ue000"  # a private-use character marks the line breaks while white space collapses


def has_markup(text: str) -> bool:
    """Whether ``text`` holds at least one tag of an HTML element."""
    return _TAG.search(text) is not None


def markup_to_text(html: str, *, keep_newlines: bool = False) -> str:
    """The text of an HTML fragment as a browser shows it: blocks and <br> start lines,
    runs of white space are one space, script and style dropped ("" when none is left).
    ``keep_newlines``: the line breaks of the source stay too (a text with a few tags in
    it keeps its paragraphs)."""
    from lxml import etree
    from lxml import html as lxml_html

    if "\x00" in html:  # not text at all: left whole for the article rules to refuse
        return html
    # Controls first: lxml refuses a string holding one (and they go at normalisation anyway).
    html = _CONTROLS.sub("", html.replace(_BREAK, ""))
    if keep_newlines:
        html = html.replace("\n", _BREAK)
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_INVISIBLE)):
        element.drop_tree()
    for element in root.iter():
        if element.tag == "br" or element.tag in _BLOCKS:
            element.tail = _BREAK + (element.tail or "")
        if element.tag in _BLOCKS:
            element.text = _BREAK + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split(_BREAK))
    return "\n".join(line for line in lines if line)


def text_of(text: str) -> str:
    """``text`` itself, or, when it holds markup, its text read as a fragment (see above),
    its own line breaks kept."""
    return markup_to_text(text, keep_newlines=True) if has_markup(text) else text
