"""The sentence pieces the evidence tables mark: offsets into the article, shifted by the
sentence start; a span recorded elsewhere is found by its text; overlaps marked once."""

from __future__ import annotations

from factories import make_event

from graphsvc.render.highlight import Piece, sentence_pieces

SENTENCE = "Russia and Turkey held talks in Ankara."


def _event(**overrides: object) -> object:
    base = 100  # the sentence starts at character 100 of its article
    fields = {
        "sentence": SENTENCE,
        "sentence_start": base,
        "source_text": "Russia",
        "source_start": base + 0,
        "source_end": base + 6,
        "target_text": "Turkey",
        "target_start": base + 11,
        "target_end": base + 17,
        "trigger_text": "talks",
        "trigger_start": base + 23,
        "trigger_end": base + 28,
    }
    fields.update(overrides)
    return make_event("RUS", "TUR", **fields)


def test_pieces_mark_the_three_spans_in_order() -> None:
    pieces = sentence_pieces(_event())
    assert "".join(p.text for p in pieces) == SENTENCE
    assert [p for p in pieces if p.mark] == [
        Piece("Russia", "source"),
        Piece("Turkey", "target"),
        Piece("talks", "trigger"),
    ]


def test_a_span_off_its_offsets_is_found_by_its_text() -> None:
    # an extractor that trimmed the sentence: offsets two characters off
    pieces = sentence_pieces(_event(source_start=98, source_end=104))
    assert Piece("Russia", "source") in pieces
    missing = sentence_pieces(_event(source_text="Moscow", source_start=0, source_end=6))
    assert [p.mark for p in missing if p.mark] == ["target", "trigger"]
    assert "".join(p.text for p in missing) == SENTENCE


def test_overlapping_spans_are_marked_once_and_nothing_is_lost() -> None:
    # the target mention covers the trigger's characters: the trigger wins
    pieces = sentence_pieces(_event(target_text="held talks", target_start=118, target_end=128))
    assert "".join(p.text for p in pieces) == SENTENCE
    assert [p.mark for p in pieces if p.mark] == ["source", "trigger"]


def test_no_spans_is_the_plain_sentence() -> None:
    bare = make_event("RUS", "TUR", sentence="<b>&amp;</b>")
    assert sentence_pieces(bare) == [Piece("<b>&amp;</b>", None)]
