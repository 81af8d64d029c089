"""Acts whose other party is implied: "in response, X …", "Y would face consequences".

"In response, Greece put its forces on alert" answers whoever the story was just about;
"Saudi Arabia would face retribution," the ayatollah said, is the speaker threatening the
subject, though the verb ("face") is the threatened party's.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphsvc.extract.arguments import children, kids

ANSWER_WORDS = frozenset({"response", "retaliation", "reprisal", "riposte"})
# what a party "will face" when someone threatens it
THREAT_NOUNS = frozenset(
    """consequences retribution retaliation punishment reprisals reprisal response
    revenge""".split()  # noqa: SIM905 (a word list)
)
FUTURE_OR_POSSIBLE = frozenset({"will", "would", "could", "'ll", "wo", "shall", "may", "might"})
THREAT_CODE = "130"
# "fired a missile over Japan": a launch across a state's territory is a show of force
SHOW_OF_FORCE = "150"
LAUNCH_VERBS = frozenset({"fire", "launch"})


def overflown(verb: Token) -> list[Token]:
    """The phrases a launch passed "over" ("fired a ballistic missile over Japan")."""
    if verb.lemma_.lower() not in LAUNCH_VERBS:
        return []
    hosts = [verb, *children(verb, "dobj")]
    return [
        o
        for h in hosts
        for p in children(h, "prep")
        if p.lower_ == "over"
        for o in children(p, "pobj")
    ]


VERDICT_VERBS = frozenset({"deem", "declare", "consider", "brand", "label", "rule"})
# what a judgement calls another party's act or office: disapproval (111) without "criticise"
NEGATIVE_VERDICTS = frozenset(
    """illegitimate illegal unlawful invalid fraudulent unacceptable null void
    unconstitutional""".split()  # noqa: SIM905 (a word list)
)
VERDICT_CODE = "111"


def negative_verdict(verb: Token) -> list[Token]:
    """ "The U.S. has deemed Maduro's presidency illegitimate", "declared the vote invalid":
    the heads of the phrases judged (empty when the verb passes no negative verdict)."""
    if verb.lemma_.lower() not in VERDICT_VERBS:
        return []
    verdicts = [
        c
        for c in kids(verb)
        if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") and c.lemma_.lower() in NEGATIVE_VERDICTS
    ]
    if not verdicts:
        return []
    judged = [
        t for v in verdicts for t in kids(v) if t.dep_ in ("nsubj", "compound", "npadvmod", "poss")
    ]
    return judged + children(verb, "dobj")


def answers_earlier(verb: Token) -> bool:
    """ "In response, X …", "in retaliation, X …": the act answers an earlier one whose
    actor the clause does not name (an "in response to Y's …" names it itself)."""
    for prep in children(verb, "prep"):
        if prep.lower_ != "in":
            continue
        for noun in children(prep, "pobj"):
            if noun.lemma_.lower() in ANSWER_WORDS and not children(noun, "prep"):
                return True
    return False


def faced_threat(verb: Token) -> bool:
    """ "X will face consequences": a threat against the subject, by whoever says so."""
    if verb.lemma_.lower() != "face":
        return False
    objs = {o.lemma_.lower() for o in children(verb, "dobj")}
    aux = {c.lower_ for c in kids(verb) if c.dep_ == "aux"}
    return bool(objs & THREAT_NOUNS) and bool(aux & FUTURE_OR_POSSIBLE)
