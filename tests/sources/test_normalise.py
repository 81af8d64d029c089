"""Normalisation on the way in: line breaks, NFC, controls, invisible characters, spaces."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from graphsvc.models import ArticleInput
from graphsvc.sources.normalise import normalise_article, normalise_line, normalise_text


def test_line_breaks_become_newlines():
    text = "One.\r\nTwo.\rThree.\x85Four.\u2028Five.\x0cSix."
    assert normalise_text(text) == "One.\nTwo.\nThree.\nFour.\nFive.\nSix."


def test_nfc():
    decomposed = "Me\u0301xico and Co\u0302te d'Ivoire"
    assert normalise_text(decomposed) == "México and Côte d'Ivoire"


def test_controls_and_invisible_characters_go_tabs_and_newlines_stay():
    text = "Ger\u00admany\x07 and\u200b Fr\ufeffance\x1b met.\tAgain\x7f.\nEnd\x9b."
    assert normalise_text(text) == "Germany and France met.\tAgain.\nEnd."


def test_nul_is_left_for_the_article_rules_to_refuse():
    assert normalise_text("a\x00b") == "a\x00b"


def test_bidi_marks_and_joiners_are_kept():
    text = "\u0645\u0635\u0631\u200f and \u0915\u094d\u200d\u0937"
    assert normalise_text(text) == text


def test_fixed_width_spaces_become_spaces():
    assert normalise_text("President\u00a0Macron\u202fsaid\u3000it.") == "President Macron said it."


def test_metadata_is_one_trimmed_line():
    assert normalise_line("  Talks\r\nin\tGeneva \u200b") == "Talks in Geneva"
    assert normalise_line(None) is None


def test_an_article_input_is_normalised_and_unchanged_ones_are_the_same_object():
    item = ArticleInput(text="A\r\nB", title="T\n", source=" wire ", url=" https://x.example/a ")
    got = normalise_article(item)
    assert (got.text, got.title, got.source, got.url) == (
        "A\nB",
        "T",
        "wire",
        "https://x.example/a",
    )
    clean = ArticleInput(text="A\nB", title="T")
    assert normalise_article(clean) is clean


@given(st.text())
def test_normalising_twice_changes_nothing_and_leaves_no_control(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once
    assert all(c in "\n\t\x00" or unicodedata.category(c) != "Cc" for c in once)
