"""The article rules: any string is judged without an exception, and every id they accept
reads back unchanged from its URL path segment."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.api.urls import id_segment
from graphsvc.article_rules import MAX_ID_CHARS, article_problem, id_problem
from graphsvc.models import ArticleInput

PROPERTIES = settings(max_examples=300, derandomize=True, database=None, deadline=None)
ANY_CHAR = st.one_of(
    st.characters(exclude_categories=["Cs"]),
    st.characters(max_codepoint=0xFF),
    st.sampled_from("/\\.%?#\u200f\u202e\u200b\ufeff\u00a0\u2028"),
    st.integers(0xD800, 0xDFFF).map(chr),
)


@PROPERTIES
@given(st.text(ANY_CHAR, max_size=MAX_ID_CHARS + 5))
def test_an_accepted_id_is_one_path_segment_that_reads_back(article_id: str) -> None:
    if id_problem(article_id) is not None:
        return
    segment = id_segment(article_id)
    assert segment.isascii() and "/" not in segment
    assert unquote(segment, errors="strict") == article_id
    assert article_id not in (".", "..") and 1 <= len(article_id) <= MAX_ID_CHARS
    assert all(
        unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp") for c in article_id
    )


@PROPERTIES
@given(st.text(ANY_CHAR, max_size=60), st.one_of(st.none(), st.text(ANY_CHAR, max_size=60)))
def test_any_article_is_judged_and_an_accepted_one_encodes_as_utf8(
    text: str, title: str | None
) -> None:
    item = ArticleInput(text=text, title=title)
    if article_problem(item) is None:
        text.encode("utf-8")
        (title or "").encode("utf-8")
        assert "\x00" not in text + (title or "")
