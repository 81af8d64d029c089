"""Acts on envoys told without their usual shape: passives and fixed phrases.

"Britain's ambassador to Russia was recalled for consultations": a recall told in the
passive names the recalling state only as the envoy's owner, and the state it is recalled
from as the envoy's post. "declared two diplomats persona non grata": an expulsion (166)
whose verb is "declare" and whose object sits in a small clause the parser reads in
several ways.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphsvc.extract.arguments import children, kids

ENVOY_NOUNS = frozenset(
    """ambassador ambassadors envoy envoys diplomat diplomats charge commissioner
    commissioners attache attaché consul d'affaires""".split()  # noqa: SIM905 (a word list)
)
RECALL_CODE = "161"
EXPULSION_CODE = "166"
OWNER_DEPS = ("poss", "amod", "compound", "nmod")
POST_PREPS = ("to", "in", "at")
# words that make a sentence worth parsing though no trigger verb states the act
FIXED_PHRASE_CUES = frozenset({"persona"})


def is_recall(code: str, needs: frozenset[str]) -> bool:
    """A frame that recalls an envoy ("recall", "call home", "bring home")."""
    return code == RECALL_CODE and bool(needs & ENVOY_NOUNS)


def envoy_owner_tokens(envoy: Token) -> list[Token]:
    """ "Britain's ambassador", "the Russian envoy": the modifiers naming whose envoy."""
    return [c for c in kids(envoy) if c.dep_ in OWNER_DEPS]


def envoy_post_tokens(envoy: Token) -> list[Token]:
    """ "the ambassador to Russia", "its envoy in Cairo": where the envoy serves."""
    return [
        o
        for p in kids(envoy)
        if p.dep_ == "prep" and p.lower_ in POST_PREPS
        for o in children(p, "pobj")
    ]


def persona_non_grata(tok: Token) -> tuple[Token, list[Token], bool] | None:
    """For the token "persona" of "persona non grata" said of a form of "declare": the
    declaring verb, the tokens naming who was declared, and whether the verb is passive
    ("were declared persona non grata"). The parser reads the small clause in several
    ways, so who was declared is what stands between the verb and the phrase."""
    if tok.lower_ != "persona" or tok.i + 2 >= len(tok.doc):
        return None
    if [t.lower_ for t in tok.doc[tok.i + 1 : tok.i + 3]] != ["non", "grata"]:
        return None
    verb = next((a for a in tok.ancestors if a.lemma_.lower() == "declare"), None)
    if verb is None:
        verb = next((t for t in tok.doc[: tok.i] if t.lemma_.lower() == "declare"), None)
    if verb is None or tok.i - verb.i > 8:
        return None
    passive = bool(children(verb, "nsubjpass"))
    if passive:
        return verb, [t for s in children(verb, "nsubjpass") for t in s.subtree], True
    return verb, list(tok.doc[verb.i + 1 : tok.i]), False
