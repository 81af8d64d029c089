"""The HTML extractor on the hand-written news pages of tests/fixtures/html: the article's
paragraphs whole, no boilerplate, the metadata right."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graphsvc.errors import InvalidInput
from graphsvc.sources.decode import decode_page
from graphsvc.sources.html_article import canonical_url, extract_article
from graphsvc.sources.markup import has_markup, text_of
from graphsvc.sources.normalise import normalise_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def _flat(text: str) -> str:
    return " ".join(normalise_text(text).split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_article_comes_out_whole_and_clean(name):
    want = EXPECTED[name]
    html = decode_page((FIXTURES / name).read_bytes(), None, "text/html")
    article = extract_article(html)
    text = _flat(article.text)
    for paragraph in want["body"]:
        assert _flat(paragraph) in text
    for boilerplate in want["boilerplate"]:
        assert boilerplate not in text
    assert article.title == want["title"]
    assert article.published == date.fromisoformat(want["date"])
    assert article.author == want["author"]
    assert article.canonical_url == want["canonical_url"]
    assert not article.text.startswith(want["title"])  # the title is stored apart


def test_a_fragment_with_inline_markup_is_read():
    article = extract_article("France <b>condemned</b> Germany on <i>Monday</i>.")
    assert article.text.strip() == "France condemned Germany on Monday."
    assert article.title is None and article.canonical_url is None


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        (
            "<p>France <b>condemned</b> Germany.</p><p>Russia <em>met</em>\n  China.</p>",
            "France condemned Germany.\nRussia met China.",
        ),
        ("Line one with <b>bold</b>.<br>Line two.", "Line one with bold.\nLine two."),
        ("<ul><li>Iran <b>warned</b> Israel.</li></ul><script>x()</script>", "Iran warned Israel."),
        ("Tom &amp; Jerry &lt;3 &eacute;t&eacute;", "Tom & Jerry <3 été"),
    ],
)
def test_fragments_read_as_a_browser_shows_them(fragment, text):
    assert extract_article(fragment).text == text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><script>var a = 1;</script></body></html>",
        "<html><body>   </body></html>",
        "<script>only()</script>",
        "<!-- a comment -->",
    ],
)
def test_a_page_without_text_is_refused(html):
    with pytest.raises(InvalidInput, match="No article text"):
        extract_article(html)


def test_script_and_style_never_reach_the_text():
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Chile and Peru signed a "
        "fishing accord on Friday.</p><script>var Russia = 'attacks';</script></body></html>"
    )
    text = extract_article(html).text
    assert "Chile and Peru signed" in text and "var" not in text and "color" not in text


@pytest.mark.parametrize(
    ("head", "base", "expected"),
    [
        (
            '<link rel="canonical" href="/world/story-1">',
            "https://a.example/x?p=1",
            "https://a.example/world/story-1",
        ),
        (
            '<link rel="Canonical Alternate" href="https://b.example/s">',
            None,
            "https://b.example/s",
        ),
        ('<meta property="og:url" content="https://c.example/s">', None, "https://c.example/s"),
        ('<link rel="canonical" href="javascript:alert(1)">', None, None),
        ("", "https://a.example/x", None),  # the fetch address is not a declared canonical
    ],
)
def test_canonical_url(head, base, expected):
    html = f"<html><head>{head}</head><body><p>Text.</p></body></html>"
    assert canonical_url(html, base) == expected


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("France <b>condemned</b> Germany.", True),
        ("Talks<br/>ended.", True),
        ('See <a href="https://x.example">the statement</a>.', True),
        ("Ministers <3 summits", False),
        ("if x < y > z then", False),
        ("<Reuters> Moscow said", False),
        ("a <bold claim> made", False),
    ],
)
def test_only_html_element_tags_count_as_markup(text, markup):
    assert has_markup(text) is markup
    assert (text_of(text) != text) is markup


def test_markup_in_text_keeps_its_line_breaks_and_a_decoded_tag_stays_text():
    assert text_of("Talks <b>began</b>.\n\nThey ended.") == "Talks began.\nThey ended."
    once = text_of("Editors wrote &lt;b&gt; in <i>the</i> copy.")
    assert once == "Editors wrote <b> in the copy."


def test_control_characters_do_not_empty_a_fragment():
    # lxml refuses a string holding a C0 control: the fragment's text survives without it
    article = extract_article("Russia\x10 and <b>Turkey</b>\x1f held talks.")
    assert article.text == "Russia and Turkey held talks."


def test_a_fragment_with_nul_is_left_for_the_article_rules():
    # not quietly turned into U+FFFD: the rules refuse a NUL with their own message
    assert text_of("a\x00 <b>b</b>") == "a\x00 <b>b</b>"
