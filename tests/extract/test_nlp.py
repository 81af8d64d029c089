"""The coder's spaCy pipeline: its speed changes must not change a single parse."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import spacy

from graphsvc.extract.nlp import irregular_forms, load_parser, sentence_splitter
from graphsvc.extract.triggers import load_lexicon
from graphsvc.settings import Settings

MODEL = Settings().spacy_model


@pytest.fixture(scope="module")
def demo_sentences() -> list[str]:
    lines = resources.files("graphsvc").joinpath("demo/articles.jsonl").read_text("utf-8")
    splitter = sentence_splitter(load_parser(MODEL))
    texts = [json.loads(line)["text"] for line in lines.splitlines() if line.strip()]
    return [s.text for text in texts for s in splitter(text).sents][:300]


def analyses(nlp: spacy.Language, sentences: list[str]) -> list[list[tuple]]:
    return [
        [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in doc]
        for doc in nlp.pipe(sentences, batch_size=64)
    ]


def test_numpy_matmul_gives_the_same_parses_as_blis(demo_sentences: list[str]) -> None:
    numpy_nlp = load_parser(MODEL, "numpy")
    blis_nlp = load_parser(MODEL, "blis")
    assert numpy_nlp.get_pipe("tok2vec").model.ops.use_blis is False
    assert blis_nlp.get_pipe("tok2vec").model.ops.use_blis is True
    assert analyses(numpy_nlp, demo_sentences) == analyses(blis_nlp, demo_sentences)


def test_tag_map_gives_the_attribute_rulers_parts_of_speech(demo_sentences: list[str]) -> None:
    full = spacy.load(MODEL, exclude=["ner"])
    assert "attribute_ruler" in full.pipe_names
    coder = load_parser(MODEL, "blis")
    assert "attribute_ruler" not in coder.pipe_names
    expected = analyses(full, demo_sentences)
    got = analyses(coder, demo_sentences)
    # the lemma of a proper noun is kept as written; every other analysis is identical
    assert [[a[:4] for a in s] for s in got] == [[a[:4] for a in s] for s in expected]
    mismatched = [
        (g, e)
        for gs, es in zip(got, expected, strict=True)
        for g, e in zip(gs, es, strict=True)
        if g[4] != e[4] and g[1] != "PROPN"
    ]
    assert mismatched == []


def test_irregular_trigger_forms_come_from_the_models_tables() -> None:
    forms = irregular_forms(load_parser(MODEL), load_lexicon())
    assert {"withdrew", "fought", "struck"} <= forms
    assert "held" not in forms  # a light verb: only an event noun makes it a cue


def test_rules_over_several_tokens_still_apply_where_they_can_start() -> None:
    """The attribute ruler's multi-token and regex rules run only on sentences where one of
    them can start; there they must give what the unmodified model gives."""
    informal = [
        "They are gonna meet the envoys again on Friday.",
        "The delegates said there was nothin' left to discuss.",
        "We gotta sign it, the minister said, and let's hope it holds.",
        "Y'all know the ceasefire ain't holding, one officer said.",
        "There are talks planned and the minister gets a briefing.",
        "The two governments signed a trade accord in the capital.",
    ]
    full = spacy.load(MODEL, exclude=["ner"])
    coder = load_parser(MODEL, "blis")
    assert analyses(coder, informal) == analyses(full, informal)


def test_the_lemma_cache_gives_the_lemmatizers_answer_on_repeated_words() -> None:
    coder = load_parser(MODEL)
    assert "lemmas" in coder.pipe_names and "lemmatizer" not in coder.pipe_names
    sentence = "The ministers were meeting while the envoys met and had met before."
    first, again = (coder(sentence) for _ in range(2))
    expected = [t.lemma_ for t in spacy.load(MODEL, exclude=["ner"])(sentence)]
    assert [t.lemma_ for t in first] == [t.lemma_ for t in again] == expected
