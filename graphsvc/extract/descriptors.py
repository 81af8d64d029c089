"""Mentions the parse shows to be descriptions, not parties acting for their state.

"EU candidate Moldova" and "NATO member Turkey" name an organisation only as a status of a
state; "former Nigerian President Olusegun Obasanjo" names a nationality a mediator no longer
acts for. Such mentions are dropped from a sentence's actors before any rule reads them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graphsvc.extract.arguments import TokenMentions, kids

# a status an organisation confers on a state ("member", "candidate", "ally")
STATUS_NOUNS = frozenset(
    """member members candidate candidates applicant aspirant observer ally allies partner
    partners founder signatory signatories chair""".split()  # noqa: SIM905 (a word list)
)
FORMER_WORDS = frozenset({"former", "ex", "onetime", "one-time", "erstwhile", "late"})
FORMER_KINDS = frozenset({"adjective", "demonym", "country", "person"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def _status_of_state(tok: Token, tm: TokenMentions) -> bool:
    """ "EU candidate Moldova", "Moldova, an EU candidate": the organisation modifies a status
    noun that is itself attached to a state's mention."""
    status = tok.head
    if tok.dep_ not in MODIFIER_DEPS or status.i == tok.i:
        return False
    if tok.dep_ == "compound" and tm.get(status) is not None and tm.get(status) is not tm.get(tok):
        # "NATO Allies Turkey and Greece", parsed flat: the status noun is a sibling
        return any(
            c.dep_ == "compound" and c.i > tok.i and c.lower_ in STATUS_NOUNS for c in kids(status)
        )
    if status.lemma_.lower() not in STATUS_NOUNS and status.lower_ not in STATUS_NOUNS:
        return False
    if status.dep_ in ("compound", "appos") and tm.get(status.head) is not None:
        return True  # "NATO member Turkey", "Moldova, an EU candidate"
    return any(c.dep_ == "appos" and tm.get(c) is not None for c in kids(status))


def _former(tok: Token) -> bool:
    """ "former Nigerian President X", "the former Kenyan leader": an office no longer held."""
    head = tok
    for _ in range(3):  # up through "Nigerian" → "President" → "Obasanjo"
        if head.dep_ not in ("compound", "amod") or head.head.i == head.i:
            break
        head = head.head
    stack = [head]
    while stack:  # the head's premodifiers, and theirs: "former", "Nigerian", "President"
        t = stack.pop()
        for c in t.lefts:
            if c.dep_ == "amod" and c.lower_.strip("-") in FORMER_WORDS:
                return True
            if c.dep_ in ("compound", "amod", "nmod"):
                stack.append(c)
    return False


def descriptive_tokens(doc: Doc, tm: TokenMentions) -> set[int]:
    """Token indexes of mentions that describe rather than act.

    A former office holder is dropped only beside an organisation ("former Nigerian President
    X, the African Union's envoy"): there he works for it. Alone ("Former Russian President
    Medvedev vowed revenge") he may still hold another office of his state.
    """
    items = tm.items()  # only the tokens inside mentions: a long sentence costs little
    serving = any(m.kind == "igo" for _, m in items)
    out: set[int] = set()
    for i, mention in items:
        tok = doc[i]
        status = mention.kind == "igo" and _status_of_state(tok, tm)
        if status or (serving and mention.kind in FORMER_KINDS and _former(tok)):
            out.add(i)
    return out
