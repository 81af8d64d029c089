"""The trigger lexicon: words that state an interaction, loaded from data/triggers.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

# Roots of statements that answer an earlier act: demands, disapproval, rejection, threats.
REACTION_ROOTS = frozenset({"10", "11", "12", "13"})


@dataclass(frozen=True, slots=True)
class Frame:
    """How one trigger word maps its syntactic arguments to an event."""

    lemma: str
    code: str
    sym: bool = False
    obj: str = "target"  # target | topic | none
    preps: frozenset[str] = frozenset()
    notpreps: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    objcode: dict[str, str] = field(default_factory=dict)
    needs_mod: frozenset[str] = frozenset()
    notmods: frozenset[str] = frozenset()  # "civil war": a modifier that makes it no event
    needs_prep_obj: frozenset[str] = frozenset()
    needs_person: bool = False
    needs_actor_obj: bool = False
    needs_source: bool = False  # "a bomb killed two soldiers": no actor named, no event
    source_mods: bool = False
    blocks: bool = False
    denies: bool = False
    light: bool = False
    noun: bool = False
    from_source: bool = False  # "offers of help from X": X gives, the clause subject gets
    complement: bool = False  # "offered to hand over X to Y": targets from the complement
    ccomp_target: bool = False  # "demanded that X withdraw": X is the target
    mediator_prep: str | None = None  # "mediation by X": X mediates
    reverse: str | None = None  # code of the implied reverse event (host → guest visits)
    stative: bool = False  # "X is opposed to Y": an agentless passive + prep is X acting on Y
    prepcode: dict[str, str] = field(default_factory=dict)  # "spoke by phone" → 041
    source_sectors: frozenset[str] = frozenset()  # "French troops left Mali": MIL only
    refused: str | None = None  # code when negated: "did not recognise the result" is 120


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, Frame]
    nouns: dict[str, Frame]
    intent_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    hypothetical_aux: frozenset[str]
    intent_by_root: dict[str, str | None]
    cue_words: frozenset[str]
    reaction_words: frozenset[str]  # forms of verbs that answer someone (condemn, retaliate…)
    # predicative adjectives that state a stance: "is critical of", "was concerned about"
    adjectives: dict[str, Frame] = field(default_factory=dict)

    def verb(self, lemma: str) -> Frame | None:
        return self.verbs.get(lemma)

    def noun(self, lemma: str, text: str) -> Frame | None:
        return self.nouns.get(text.lower()) or self.nouns.get(lemma)

    def intent_code(self, code: str) -> str | None:
        """The code for a planned or announced instance of ``code`` (None: not coded)."""
        if code in self.intent_by_root:
            return self.intent_by_root[code]
        if code[:2] == "03":
            return code  # already an expressed intent
        return self.intent_by_root.get(code[:2])


def _frame(lemma: str, spec: dict[str, Any], *, noun: bool) -> Frame:
    sets = (
        "preps",
        "notpreps",
        "needs",
        "needs_mod",
        "notmods",
        "needs_prep_obj",
        "source_sectors",
    )
    kwargs: dict[str, Any] = {k: v for k, v in spec.items() if k not in sets}
    for key in sets:
        words = spec.get(key) or ()
        if not all(isinstance(w, str) for w in words):  # YAML 1.1 reads a bare `on` as true
            raise ValueError(f"triggers.yaml: {lemma}.{key} must list quoted words: {words}")
        kwargs[key] = frozenset(words)
    kwargs["objcode"] = dict(spec.get("objcode") or {})
    kwargs["prepcode"] = dict(spec.get("prepcode") or {})
    return Frame(lemma=lemma, noun=noun, **kwargs)


def _inflections(lemma: str) -> set[str]:
    """Cheap regular inflections, enough for the sentence pre-filter."""
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing", lemma + "d", lemma + "es"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@cache
def load_lexicon() -> Lexicon:
    text = resources.files("graphsvc.extract").joinpath("data/triggers.yaml").read_text("utf-8")
    # libyaml's parser when built with it: 0.25 s -> 0.04 s of every coder's start-up
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    verbs = {k: _frame(k, v, noun=False) for k, v in raw["verbs"].items()}
    nouns = {k: _frame(k, v, noun=True) for k, v in raw["nouns"].items()}
    adjectives = {k: _frame(k, v, noun=False) for k, v in (raw.get("adjectives") or {}).items()}
    # irregular forms ("met", "struck") come from the model's lemmatizer tables (nlp.py)
    cues: set[str] = set()
    for lemma, frame in verbs.items():
        if not frame.light:
            cues |= _inflections(lemma.split()[0])  # "call off": the verb's forms
        else:
            cues |= set(frame.objcode)  # "established ties": the object word is the cue
    for lemma in nouns:
        cues |= {lemma, lemma + "s"}
    cues |= set(adjectives)
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        intent_verbs=frozenset(raw["intent_verbs"]),
        denial_verbs=frozenset(raw["denial_verbs"]),
        hypothetical_aux=frozenset(raw["hypothetical_aux"]),
        intent_by_root={str(k): v for k, v in raw["intent_by_root"].items()},
        cue_words=frozenset(cues),
        reaction_words=frozenset(
            form
            for lemma, frame in verbs.items()
            if {frame.code[:2], *(c[:2] for c in frame.objcode.values())} & REACTION_ROOTS
            for form in _inflections(lemma)
        ),
        adjectives=adjectives,
    )
