"""Accusations told without "accuse": a claim that another party did wrong.

"Officials said they were convinced the government had used sarin", "Israel says it thinks
Iran is evading inspections": whoever makes the claim accuses (112) the party said to have
used banned weapons or to be evading, hiding or meddling. Only a reported or believed claim
counts; the act itself, stated as fact, is left to the ordinary frames.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphsvc.extract.arguments import children, kids
from graphsvc.extract.triggers import _inflections

ACCUSATION_CODE = "112"
USE_VERBS = frozenset({"use", "deploy", "drop", "fire", "employ"})
# substances or arms whose use is itself the wrongdoing alleged
BANNED_NOUNS = frozenset(
    """sarin chlorine gas gases mustard novichok vx toxin toxins chemicals""".split()  # noqa: SIM905
)
# "chemical weapons", "nerve agent", "cluster munitions": a weapon word with its kind
BANNED_KINDS = frozenset({"chemical", "biological", "nerve", "cluster", "toxic", "poison"})
WEAPON_HEADS = frozenset({"weapon", "weapons", "agent", "agents", "munitions", "bombs", "arms"})
# acts that are wrongdoing by their verb alone ("is evading inspections", "meddled in")
WRONGDOING_VERBS = frozenset(
    """evade flout obstruct sabotage cheat deceive conceal hide mislead meddle interfere
    harbour harbor""".split()  # noqa: SIM905 (a word list)
)
# verbs and adjectives that put a clause forward as someone's claim or belief
CLAIM_HEADS = frozenset(
    """say convinced believe conclude indicate allege claim insist find determine assess
    report suspect confirm certain sure show think""".split()  # noqa: SIM905 (a word list)
)
# words that make a sentence worth parsing though no trigger verb states the act
ALLEGATION_CUES = frozenset(
    {form for lemma in WRONGDOING_VERBS for form in _inflections(lemma)}
    | {"hid", "hidden", "chemical", "biological", "nerve"}
    | BANNED_NOUNS
)
CLAIM_DEPS = frozenset({"ccomp", "acomp", "xcomp", "conj", "parataxis", "advcl"})


def _banned(noun: Token) -> bool:
    word = noun.lower_
    if word in BANNED_NOUNS:
        return True
    return word in WEAPON_HEADS and any(
        c.lower_ in BANNED_KINDS for c in kids(noun) if c.dep_ in ("amod", "compound")
    )


def alleged_wrong(verb: Token) -> bool:
    """ "had used chlorine and sarin", "used helicopters to drop chemicals", "is evading
    inspections": a verb whose act is a wrongdoing when someone claims it."""
    if verb.lemma_.lower() in WRONGDOING_VERBS:
        return True
    if verb.lemma_.lower() not in USE_VERBS:
        return False
    hosts = [verb, *children(verb, "xcomp")]
    objs = [o for h in hosts for o in children(h, "dobj", "nsubjpass")]
    return any(_banned(x) for o in objs for x in [o, *children(o, "conj")])


def claimers(verb: Token) -> list[Token]:
    """The heads above a use that state it as a claim, nearest first ("were convinced",
    "reports indicated", "said"); empty when the use is not reported as a claim."""
    found: list[Token] = []
    tok = verb
    for _ in range(5):
        if tok.dep_ not in CLAIM_DEPS or tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.lemma_.lower() in CLAIM_HEADS:
            found.append(tok)
    return found
