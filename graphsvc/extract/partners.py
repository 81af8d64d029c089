"""States listed as acting alongside a clause's subject: "in step with A, B and C".

"Canada imposed sanctions on Iran in step with Britain and Australia" states three sanctions
(each listed state is a source) and the coordination among the three (050, symmetric).
"""

from __future__ import annotations

from spacy.tokens import Token

from graphsvc.extract.arguments import children, kids

# nouns of "in step with", "in coordination with", "in concert with", "in tandem with"
CONCERT_NOUNS = frozenset({"step", "coordination", "concert", "tandem", "cooperation", "lockstep"})
# "together with", "jointly with", "along with": an adverb or preposition carrying "with"
CONCERT_HEADS = frozenset({"together", "jointly", "along"})
COORDINATION_CODE = "050"


def partner_tokens(verb: Token) -> list[Token]:
    """Heads of the noun phrases listed as the subject's partners in the act, on the verb
    or on its subject ("Japan, together with South Korea, protested")."""
    found = _partners_on(verb)
    for subj in children(verb, "nsubj"):
        found += _partners_on(subj)
    return found


def _partners_on(verb: Token) -> list[Token]:
    found: list[Token] = []
    for prep in children(verb, "prep"):
        if prep.lower_ == "alongside":
            found.extend(children(prep, "pobj"))
        elif prep.lower_ == "in":
            for noun in children(prep, "pobj"):
                if noun.lemma_.lower() in CONCERT_NOUNS:
                    found.extend(_with_objects(noun))
        elif prep.lower_ == "with" and any(
            c.lower_ in CONCERT_HEADS for c in (*kids(verb), *kids(prep)) if c.dep_ == "advmod"
        ):
            found.extend(children(prep, "pobj"))  # "acted together with X", parsed flat
    for adv in kids(verb):
        if adv.dep_ in ("advmod", "prep") and adv.lower_ in CONCERT_HEADS:
            found.extend(_with_objects(adv))
    return found


def _with_objects(tok: Token) -> list[Token]:
    return [o for p in children(tok, "prep") if p.lower_ == "with" for o in children(p, "pobj")]
