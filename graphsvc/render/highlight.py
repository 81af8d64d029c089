"""An event's sentence cut into pieces, the trigger and the actor mentions marked.

The pieces are plain text; the template escapes each one and wraps the marked ones in
``<mark class=…>``, so no article text ever becomes markup. Offsets are into the article
(``models``): the sentence starts at ``sentence_start``, so a span sits at its offset minus
that. A span that does not match its recorded text there (an extractor that trimmed the
sentence) is looked up by its text instead, and left unmarked when absent.
"""

from __future__ import annotations

from typing import NamedTuple

from graphsvc.models import Event


class Piece(NamedTuple):
    text: str
    mark: str | None  # "trigger", "source", "target" or None for plain text


def _span(sentence: str, start: int, end: int, base: int, text: str) -> tuple[int, int] | None:
    """Where the span [start, end) of the article lies in the sentence, if it does."""
    lo, hi = start - base, end - base
    if 0 <= lo < hi <= len(sentence) and (not text or sentence[lo:hi] == text):
        return lo, hi
    if text:
        found = sentence.find(text)
        if found >= 0:
            return found, found + len(text)
    return None


def sentence_pieces(event: Event) -> list[Piece]:
    """The sentence as pieces in order; overlapping spans keep the first one marked (the
    trigger, then the source, then the target)."""
    sentence, base = event.sentence, event.sentence_start
    wanted = (
        ("trigger", event.trigger_start, event.trigger_end, event.trigger_text),
        ("source", event.source_start, event.source_end, event.source_text),
        ("target", event.target_start, event.target_end, event.target_text),
    )
    spans: list[tuple[int, int, str]] = []
    for mark, start, end, text in wanted:
        found = _span(sentence, start, end, base, text)
        if found is None:
            continue
        lo, hi = found
        if all(hi <= s_lo or lo >= s_hi for s_lo, s_hi, _ in spans):
            spans.append((lo, hi, mark))
    pieces: list[Piece] = []
    at = 0
    for lo, hi, mark in sorted(spans):
        if lo > at:
            pieces.append(Piece(sentence[at:lo], None))
        pieces.append(Piece(sentence[lo:hi], mark))
        at = hi
    if at < len(sentence):
        pieces.append(Piece(sentence[at:], None))
    return pieces
