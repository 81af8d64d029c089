"""Who is behind a noun phrase: map dependency-parse tokens to actor mentions.

A phrase's actors are the mentions on its head, its modifiers ("Azerbaijani forces",
"Moscow's meeting"), its of/from complements ("the leaders of Russia") and, through
coordination, its conjuncts ("Russia, Azerbaijan and Armenia").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from graphsvc.extract.mentions import Mention

MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "npadvmod"})
PRONOUNS = frozenset({"he", "she", "it", "they", "its", "their", "his", "her", "them", "him"})
# "We condemn …," the minister said: first person in a quotation is the speaker's side
FIRST_PERSON = frozenset({"we", "us", "our"})
ANY_PRONOUN = PRONOUNS | FIRST_PERSON
# Nouns that stand for a state's people or bodies: "the leaders of", "forces from".
KIDS_KEY = "graphsvc_children"
TOKENS_KEY = "graphsvc_tokens"
OF_HEADS = frozenset({"of", "from", "by"})
SEATED_BODIES = frozenset(
    {"ministry", "government", "official", "authority", "embassy", "spokesman", "spokeswoman",
     "spokesperson", "leadership", "regime", "administration", "diplomat", "source"}
)  # fmt: skip
# groups whose listed members act for them: "states including A and B", "allies such as C"
GROUP_NOUNS = frozenset(
    """country state nation government member ally partner neighbour neighbor power
    capital leader minister donor signatory democracy economy participant delegation
    member-state""".split()  # noqa: SIM905 (a word list)
)
# "a British-flagged tanker": the flag state is the party
OWNER_PARTICIPLES = frozenset({"flag", "own", "register", "operate"})


@dataclass(frozen=True, slots=True)
class ArgActor:
    """An actor mention filling one argument slot, with the token that carried it."""

    mention: Mention
    token_i: int

    @property
    def codes(self) -> tuple[str, ...]:
        return self.mention.codes or (self.mention.code,)


class TokenMentions:
    """Token index → mention for one parsed sentence (offsets shifted to the document)."""

    def __init__(self, tokens: Iterable[Token], mentions: list[Mention], offset: int) -> None:
        self._by_token: dict[int, Mention] = {}
        ordered = sorted(mentions, key=lambda m: m.start)
        k = 0  # one pass: tokens and mentions are both in text order
        for tok in tokens:
            start = offset + tok.idx
            end = start + len(tok.text)
            while k < len(ordered) and ordered[k].end <= start:
                k += 1
            if k < len(ordered) and ordered[k].start < end:
                self._by_token[tok.i] = ordered[k]

    def get(self, tok: Token) -> Mention | None:
        return self._by_token.get(tok.i)

    def items(self) -> list[tuple[int, Mention]]:
        """(token index, mention) for every token inside a mention, in text order."""
        return sorted(self._by_token.items())

    def drop(self, token_ids: set[int]) -> None:
        """Forget the mentions on these tokens (every token of each such mention)."""
        gone = {id(self._by_token[i]) for i in token_ids if i in self._by_token}
        self._by_token = {i: m for i, m in self._by_token.items() if id(m) not in gone}

    def actors(self) -> list[ArgActor]:
        """Every mention in the sentence once, in text order, with its first token."""
        seen: dict[tuple[int, int], ArgActor] = {}
        for i, m in sorted(self._by_token.items()):
            seen.setdefault((m.start, m.end), ArgActor(m, i))
        return list(seen.values())

    def __bool__(self) -> bool:
        return bool(self._by_token)


def phrase_actors(
    tok: Token,
    tm: TokenMentions,
    *,
    pronouns: Callable[[Token], list[ArgActor]] | None = None,
    follow_conj: bool = True,
    _depth: int = 0,
) -> list[ArgActor]:
    """Actors referred to by the noun phrase headed by ``tok``."""
    if _depth > 6:
        return []
    found: list[ArgActor] = []
    mention = tm.get(tok)
    if mention is None and tok.pos_ == "PROPN" and tok.i + 1 < len(tok.doc):
        # "received by President To Lam" parsed with "To" as a preposition: a title whose
        # name the parser split off still names that person
        after = tm.get(tok.doc[tok.i + 1])
        if after is not None and after.kind == "person":
            mention = after
    if mention is not None:
        found.append(ArgActor(mention, tok.i))
        # "Biden, Japan's Kishida and South Korea's Yoon", "Egypt, Saudi Arabia, the UAE and
        # Bahrain": lists the parser reads as apposition, with the rest conjoined to it
        for child in kids(tok):
            other = tm.get(child) if child.dep_ in ("appos", "nmod") else None
            if other is not None and other.code != mention.code:
                found.extend(phrase_actors(child, tm, _depth=_depth + 1))
    elif tok.pos_ == "PRON" and tok.lower_ in ANY_PRONOUN and pronouns is not None:
        found.extend(pronouns(tok))
    else:
        for child in kids(tok):
            if child.dep_ == "amod" and child.lemma_.lower() in OWNER_PARTICIPLES:
                for owner in kids(child):
                    if owner.dep_ in ("npadvmod", "compound", "amod", "nmod"):
                        found.extend(phrase_actors(owner, tm, follow_conj=False, _depth=_depth + 1))
            elif child.dep_ in MODIFIER_DEPS and child.pos_ not in ("VERB",):
                # "Russian and Ukrainian negotiators": coordinated modifiers all count
                adjectival = child.pos_ == "ADJ" or child.dep_ == "amod"
                found.extend(
                    phrase_actors(
                        child,
                        tm,
                        pronouns=pronouns if child.dep_ == "poss" else None,
                        follow_conj=adjectival,
                        _depth=_depth + 1,
                    )
                )
            elif child.dep_ == "prep" and child.lower_ == "in" and tok.lemma_ in SEATED_BODIES:
                # "the foreign ministry in Bamako", "officials in Beijing": a capital's body
                for pobj in kids(child):
                    seat = tm.get(pobj) if pobj.dep_ == "pobj" else None
                    if seat is not None and seat.kind in ("capital", "seat"):
                        found.append(ArgActor(seat, pobj.i))
            elif child.dep_ == "prep" and tok.lemma_.lower() in GROUP_NOUNS and _example(child):
                # "states including Argentina and Chile", "countries such as Brazil": the
                # group acts through the members it names
                for pobj in kids(child):
                    if pobj.dep_ == "pobj":
                        found.extend(phrase_actors(pobj, tm, _depth=_depth + 1))
            elif child.dep_ == "prep" and child.lower_ in OF_HEADS and not found:
                # "the leaders of Russia" — but "the Turkish and Greek sides of Cyprus"
                # already names its parties
                for pobj in kids(child):
                    if pobj.dep_ == "pobj":
                        found.extend(phrase_actors(pobj, tm, _depth=_depth + 1))
    if follow_conj:
        # a list can hang inside a multi-word name: "HMS Prince of Wales and USS Carl Vinson"
        inside = [
            t for t in tok.subtree if t.i != tok.i and mention is not None and tm.get(t) is mention
        ]
        for child in (c for t in (tok, *inside) for c in kids(t)):
            if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
                found.extend(phrase_actors(child, tm, _depth=_depth + 1))
    return _unique(found)


def _example(prep: Token) -> bool:
    """ "including", "such as", "like": a preposition introducing members of a group."""
    word = prep.lower_
    if word == "as":
        return any(c.lower_ == "such" for c in kids(prep))
    return word in ("including", "like")


def _unique(actors: list[ArgActor]) -> list[ArgActor]:
    seen: set[tuple[int, int]] = set()
    out = []
    for a in actors:
        key = (a.mention.start, a.mention.end)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def doc_tokens(doc: Doc) -> list[Token]:
    """The parsed sentence's Token objects, made once (spaCy builds a new one per access)."""
    tokens = doc.user_data.get(TOKENS_KEY)
    if tokens is None:
        tokens = doc.user_data[TOKENS_KEY] = list(doc)
    return tokens


def sentence_tokens(span: Span) -> list[Token]:
    return doc_tokens(span.doc)[span.start : span.end]


def kids(tok: Token) -> list[Token]:
    """``tok.children``, built once per parsed sentence: spaCy makes a new Token object on
    every access, and the rules walk the same few trees many times."""
    cache = tok.doc.user_data.get(KIDS_KEY)
    if cache is None:
        tokens = doc_tokens(tok.doc)
        cache = [[] for _ in tokens]
        for t in tokens:
            if t.head.i != t.i:
                cache[t.head.i].append(t)
        tok.doc.user_data[KIDS_KEY] = cache
    return cache[tok.i]


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in kids(tok) if c.dep_ in deps]


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the given prepositions attached to ``tok`` ("talks *with* Armenia")."""
    wanted = set(preps)
    out = []
    for prep in kids(tok):
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in wanted:
            out.extend(c for c in kids(prep) if c.dep_ in ("pobj", "pcomp"))
    return out
