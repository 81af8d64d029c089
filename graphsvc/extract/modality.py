"""Is a stated event real? Negation, denial, hypotheticals and plans, read off the parse."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Token

from graphsvc.extract.arguments import kids
from graphsvc.extract.triggers import Lexicon

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
PLAN_MODIFIERS = frozenset(
    {"planned", "upcoming", "proposed", "scheduled", "expected", "possible", "future", "potential"}
)
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
NEGATORS = frozenset({"not", "n't", "never", "no"})
REPORTING_VERBS = frozenset({"say", "announce", "state", "tell", "add", "confirm", "report"})
PROPOSAL_NOUNS = frozenset(
    {"demand", "request", "call", "proposal", "offer", "threat", "ultimatum", "appeal", "bid"}
)
CLAUSAL_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "acl", "relcl", "pcomp", "dobj"})
# "agreed to halt action after four days of strikes", "denied it after the talks": an act in a
# temporal adjunct is background stated as fact, outside the plan or denial of the clause above
BACKGROUND_PREPS = frozenset({"after", "following", "since", "amid", "despite", "before"})
ANSWER_NOUNS = frozenset({"response", "retaliation", "reprisal", "revenge", "reaction"})
# "plans to annex", "a bid to invade": a plan is not the act ...
PLAN_NOUNS = frozenset({"plan", "intention", "ambition", "scheme", "idea"})
# ... and "will suspend/shelve/abandon plans to annex" says the act will not happen
HALTING_VERBS = frozenset(
    {"suspend", "shelve", "abandon", "drop", "scrap", "freeze", "halt", "stop", "end", "renounce"}
)


@dataclass(frozen=True, slots=True)
class Modality:
    negated: bool = False
    intent: bool = False
    hypothetical: bool = False
    blocked: bool = False  # stated inside an accusation, appeal or threat: not the act itself


def _aux_lemmas(tok: Token) -> set[str]:
    return {c.lower_ for c in kids(tok) if c.dep_ in ("aux", "auxpass")}


def _is_negated(tok: Token) -> bool:
    """ "did not meet", "never signed", "neither side would use force"; a conjunct without
    a subject of its own shares its head's ("did not meet or call", "neither would
    threaten or use force")."""
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in kids(tok))
    if tok.dep_ == "conj" and tok.head.i != tok.i and not own_subject and _is_negated(tok.head):
        return True
    for c in kids(tok):
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
            return True
        if c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in ("neither", "none", "nobody")
            or any(d.dep_ == "det" and d.lower_ in ("neither", "no") for d in kids(c))
        ):
            return True
    return False


def _clause_chain(tok: Token) -> list[Token]:
    """``tok`` and its governing predicates up to the sentence root."""
    chain = [tok]
    while tok.head.i != tok.i:
        tok = tok.head
        chain.append(tok)
    return chain


CLAIM_NOUNS = frozenset(
    """role involvement responsibility part report reports claim claims allegation
    allegations accusation accusations suggestion suggestions assertion assertions
    speculation rumour rumours rumor rumors statement remarks comments story stories""".split()  # noqa: SIM905
)


def _claim(tok: Token) -> bool:
    """ "press reports", "any role": the object of a denial is a claim about the speaker."""
    return tok.dep_ == "dobj" and tok.lemma_.lower() in CLAIM_NOUNS | {tok.lower_}


def _in_background(noun: Token, clause: Token) -> bool:
    """ "agreed to halt action after four days of strikes": the noun hangs from a temporal
    adjunct of its clause, a fact told as background."""
    tok = noun
    for _ in range(8):
        if tok.i == clause.i or tok.head.i == tok.i:
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ in BACKGROUND_PREPS:
            return True
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ in ("to", "for")
            and tok.head.head.lemma_.lower() in ANSWER_NOUNS
        ):
            return True  # "would expel diplomats in response to the expulsion of its own"
        tok = tok.head
    return False


def assess(trigger: Token, clause: Token, lexicon: Lexicon) -> Modality:
    """Modality of the event stated by ``trigger`` whose predicate is ``clause``.

    ``clause`` is the trigger itself for verbs, or the verb that governs an event noun
    ("will *hold* talks", "*denied* launching attacks").
    """
    if trigger.i != clause.i and _in_background(trigger, clause):
        return Modality()
    described = clause.dep_ == "acl" and clause.tag_ == "VBN"
    if described and any(c.dep_ == "agent" for c in kids(clause)):
        # "a deal brokered by the United States": a participle telling what was done,
        # outside the plans of the clause the noun sits in
        return Modality(negated=_is_negated(clause))
    negated = _is_negated(clause) or (trigger.i != clause.i and _is_negated(trigger))
    aux = _aux_lemmas(clause)
    intent = bool(aux & FUTURE_AUX)
    hypothetical = False
    blocked = False
    reported = clause.dep_ == "ccomp" and clause.head.lemma_ in REPORTING_VERBS
    if aux & lexicon.hypothetical_aux:
        if reported and "would" in aux:
            intent = True  # "said it would send aid": an announced intention
        else:
            hypothetical = True
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids(clause)):
        hypothetical = True
    if any(c.lower_ in PLAN_MODIFIERS for c in kids(trigger) if c.dep_ in ("amod", "compound")):
        intent = True
    # Walk up the governing predicates: "agreed to meet", "denied attacking", "accused X of".
    chain = _clause_chain(clause)
    for lower, upper in pairwise(chain):
        if upper.dep_ == "prep" and upper.lower_ in BACKGROUND_PREPS and lower.dep_ == "pobj":
            break  # a background act: the clauses above do not plan, deny or block it
        if upper.pos_ == "NOUN" and upper.lemma_.lower() in PLAN_NOUNS and lower.dep_ == "acl":
            intent = True
            halted = upper.dep_ == "dobj" and upper.head.lemma_.lower() in HALTING_VERBS
            negated = negated or halted
        if _aux_lemmas(upper) & {"must", "should"}:
            hypothetical = True  # "X must be ready to mediate": an obligation, not an act
        if lower.dep_ in ("xcomp", "advcl") and _aux_lemmas(upper) & FUTURE_AUX:
            intent = True  # "will visit Dakar to mediate": the purpose is planned too
        if lower.dep_ == "xcomp" and upper.lemma_ == "be" and "to" in _aux_lemmas(lower):
            intent = True  # "Zelensky is to attend the meeting": arranged, not yet done
        if lower.dep_ not in CLAUSAL_DEPS and lower.dep_ != "prep" and lower.dep_ != "pobj":
            continue
        lemma = upper.lemma_.lower()
        frame = lexicon.verb(lemma)
        denies = frame is not None and frame.denies and lower.dep_ in ("ccomp", "xcomp", "pcomp")
        # "rejected reports that it had supplied missiles", "dismissed any role in the
        # bombing": what the claim says is denied
        denies = denies or (frame is not None and frame.denies and _claim(lower))
        if lemma in lexicon.denial_verbs or denies:
            negated = True
        elif lemma in lexicon.intent_verbs and lower.dep_ in ("xcomp", "ccomp"):
            intent = True
        if frame is not None and frame.blocks and lower.dep_ != "conj":
            blocked = True
        if lemma == "call" and any(
            c.dep_ == "prep" and c.lower_ in ("on", "upon", "for") for c in kids(upper)
        ):
            blocked = True  # "called on Arabs to unite and mobilise": an appeal, not the act
        if _is_negated(upper) and lower.dep_ in ("xcomp", "ccomp"):
            negated = negated or lemma in lexicon.intent_verbs
        if upper.pos_ == "NOUN" and upper.lemma_.lower() in PROPOSAL_NOUNS:
            blocked = True  # "the demand to sever ties", "an offer of talks": not the act
        if any(c.dep_ == "det" and c.lower_ == "no" for c in kids(upper)):
            negated = True  # "has no plans to supply weapons"
        if upper.lemma_ in REPORTING_VERBS and upper.pos_ != "NOUN":
            break  # (a noun "reports that …" is a claim, which a denial above can deny)
    # "have yet to agree": not happened
    if clause.dep_ == "xcomp" and any(c.lower_ == "yet" for c in kids(clause.head)):
        negated = True
    # "the visit is due/expected": a predicate adjective, not "agreed to set up"
    if any(
        c.lower_ in ("due", "set", "expected", "scheduled") and c.dep_ in ("acomp", "attr")
        for c in kids(clause)
    ):
        intent = True
    if clause.head.lower_ in ("due", "set", "expected", "scheduled") and clause.dep_ == "xcomp":
        intent = True
    return Modality(negated=negated, intent=intent, hypothetical=hypothetical, blocked=blocked)
