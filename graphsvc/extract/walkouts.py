"""Walkouts: leaving a room while someone speaks is a protest (140) against the speaker.

"Delegates from France walked out of the hall during the Russian minister's speech": the
verb names no target; the interrupted speech does. A walkout with no speech named ("walked
out of the talks") is left to the ordinary "walk out" frame.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphsvc.extract.arguments import children, kids, prep_objects

WALKOUT_CODE = "140"
# "walked out", "stormed out": the particle makes the walkout
OUT_VERBS = frozenset({"walk", "storm", "march", "file"})
# "left the room", "exited the chamber": leaving a venue (not a country) is the walkout
LEAVE_VERBS = frozenset({"leave", "exit", "quit"})
VENUE_NOUNS = frozenset(
    """room hall chamber auditorium session meeting assembly plenary""".split()  # noqa: SIM905
)
SPEECH_NOUNS = frozenset({"speech", "address", "remarks", "statement", "intervention"})
# "as the envoy began speaking": a clause telling who was speaking
SPEAK_VERBS = frozenset({"speak", "address", "deliver", "begin", "start", "take"})
WHILE_MARKS = frozenset({"as", "when", "while"})


def is_walkout(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in OUT_VERBS:
        return any(c.lower_ == "out" and c.dep_ in ("prt", "prep", "advmod") for c in kids(verb))
    if lemma in LEAVE_VERBS:
        return any(o.lemma_.lower() in VENUE_NOUNS for o in children(verb, "dobj"))
    return False


def speakers(verb: Token) -> list[Token]:
    """Who was speaking when the subject walked out: the owner of the speech ("during
    Lavrov's speech", "during the speech of the minister") or the subject of a clause
    "as the envoy began speaking"; empty when the verb is no walkout during a speech."""
    if not is_walkout(verb):
        return []
    found: list[Token] = []
    for speech in prep_objects(verb, ["during", "amid", "at"]):
        if speech.lemma_.lower() not in SPEECH_NOUNS:
            continue
        found += children(speech, "poss")
        found += prep_objects(speech, ["by", "of"])
    for clause in children(verb, "advcl"):
        marks = {c.lower_ for c in children(clause, "mark")}
        if marks & WHILE_MARKS and clause.lemma_.lower() in SPEAK_VERBS:
            found += children(clause, "nsubj")
    return found
