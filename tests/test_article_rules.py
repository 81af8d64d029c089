"""The article rules: any string is judged without an exception, and every id they accept
reads back unchanged from its URL path segment."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

import jsonschema_rs
from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.api.urls import id_segment
from graphsvc.article_rules import MAX_ID_CHARS, article_problem, id_pattern, id_problem
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


ID_SCHEMA = jsonschema_rs.validator_for({"type": "string", "pattern": id_pattern()})
SURROGATE = re.compile("[\ud800-\udfff]")


@PROPERTIES
@given(st.text(ANY_CHAR, max_size=MAX_ID_CHARS + 5))
def test_the_openapi_id_pattern_says_what_the_rule_says(article_id: str) -> None:
    """The pattern published in the OpenAPI document (read by Python's re and by a JSON Schema
    validator) accepts exactly the ids the server accepts, the empty id (none) aside; lone
    surrogates, which no UTF-8 request can carry, are left to id_problem."""
    if SURROGATE.search(article_id):
        return
    accepted = id_problem(article_id) is None or article_id == ""
    assert (re.search(id_pattern(), article_id) is not None) == accepted
    assert ID_SCHEMA.is_valid(article_id) == accepted


def test_the_id_pattern_refuses_dots_and_a_final_newline() -> None:
    for article_id in (".", "..", "abc\n", "a b", "a/b", "a\u200eb", "x" * (MAX_ID_CHARS + 1)):
        assert not ID_SCHEMA.is_valid(article_id), article_id
    for article_id in ("...", ".a", "статья-1", "東京", "q?x=1#frag%zz"):
        assert ID_SCHEMA.is_valid(article_id), article_id
