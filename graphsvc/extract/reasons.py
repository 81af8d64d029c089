"""Actors named only in the reason or topic of an act: "over the war in Ukraine".

"The bloc extended its sanctions on Moscow over the war in Ukraine" is no act of or against
Ukraine, and "ministers agreed to talk about Syria" adds no Syrian party. The one whose act
is the reason ("protested over India's strikes", "sanctions over Russia's involvement") is
who a reaction answers; every other actor in the phrase is its topic.
"""

from __future__ import annotations

from spacy.tokens import Token

REASON_PREPS = frozenset({"over", "about", "regarding", "concerning", "amid"})
# "a conference on Afghanistan", "a resolution on Syria": meetings and texts whose "on" names
# their subject ("sanctions on Russia", "attacks on Kyiv" name a target and stay out)
TOPIC_NOUNS = frozenset(
    """conference summit meeting talks negotiations consultations dialogue discussion
    discussions debate session forum resolution report statement declaration position
    stance views paragraph""".split()  # noqa: SIM905 (a word list)
)
# "the issue of Myanmar", "the question of Cyprus": the state is the subject under discussion
ISSUE_NOUNS = frozenset({"issue", "question", "situation", "crisis", "problem", "matter"})
AGENT_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
TOPIC = "topic"
AGENT = "agent"


def reason_role(tok: Token) -> str | None:
    """``agent`` for the doer of the act a reason phrase names, ``topic`` for any other actor
    inside one, None outside reason phrases. Stops at the first predicate above ``tok``."""
    while tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i != tok.i:
        tok = tok.head  # "Saudi" of "Saudi Arabia's strikes": the whole name
    child = tok
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return None
        if anc.dep_ == "prep" and child.dep_ == "pobj" and _reason_prep(anc):
            noun = child
            return AGENT if _modifies(tok, noun) else TOPIC
        child = anc
    return None


def _reason_prep(prep: Token) -> bool:
    if prep.lower_ in REASON_PREPS:
        return True
    head = prep.head.lemma_.lower()
    return (prep.lower_ == "on" and head in TOPIC_NOUNS) or (
        prep.lower_ == "of" and head in ISSUE_NOUNS
    )


def _modifies(tok: Token, noun: Token) -> bool:
    """ "Russia's involvement", "Indian strikes", "Russia and Iran's support": ``tok`` is a
    (coordinated) modifier of the reason's noun."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in AGENT_DEPS and tok.head.i == noun.i
