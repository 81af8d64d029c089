"""Event rules over one parsed sentence: trigger words → (sources, targets, code, modality).

Verbs take their source from the subject (or the passive agent) and their target from the
object or a frame-specific preposition. Event nouns take participants from their modifiers
("Moscow's meeting", "the joint Turkish-Russian centre") and prepositions ("talks with",
"attacks on"), or from the clause they are the object of ("launched attacks on").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from graphsvc.extract.allegations import ACCUSATION_CODE, alleged_wrong, claimers
from graphsvc.extract.arguments import (
    FIRST_PERSON,
    ArgActor,
    TokenMentions,
    children,
    kids,
    phrase_actors,
    prep_objects,
    sentence_tokens,
)
from graphsvc.extract.envoys import (
    ENVOY_NOUNS,
    EXPULSION_CODE,
    envoy_owner_tokens,
    envoy_post_tokens,
    is_recall,
    persona_non_grata,
)
from graphsvc.extract.implicit import (
    SHOW_OF_FORCE,
    THREAT_CODE,
    VERDICT_CODE,
    answers_earlier,
    faced_threat,
    negative_verdict,
    overflown,
)
from graphsvc.extract.modality import CLAIM_NOUNS, Modality, assess
from graphsvc.extract.partners import COORDINATION_CODE, partner_tokens
from graphsvc.extract.reasons import AGENT, TOPIC, reason_role
from graphsvc.extract.triggers import Frame, Lexicon
from graphsvc.extract.walkouts import WALKOUT_CODE, speakers

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
QUOTES = ('"', "\u201c", "\u201d")
MEDIATOR_LEMMAS = frozenset({"broker", "mediate", "sponsor", "facilitate"})
MULTILATERAL = frozenset(
    {"trilateral", "tripartite", "three-way", "multilateral", "joint", "quadrilateral", "regional"}
)
AID_MODIFIERS = {"humanitarian": "073", "military": "072", "economic": "071", "financial": "071"}
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "invite", "persuade", "press", "encourage"})
REPORTING = frozenset({"say", "report", "tell", "add", "quote", "announce", "state", "claim"})
REACTION_ROOTS = frozenset({"05", "10", "11", "12", "13"})
# Nouns that refer back to the previous sentence's act ("NATO condemned the move").
ANAPHORIC_NOUNS = frozenset(
    """move decision plan report offer step measure announcement proposal resolution ruling
    violation provocation aggression incident escalation incursions violations agreement
    accord treaty pact truce ceasefire declaration mission document
    probe investigation intercept swap deal attack strike strikes sanctions action test launch
    deployment visit remarks statement comments accusation claims demand request warning
    threat expulsion incursion invasion abduction killing arrest seizure operation annexation
    vote law ban verdict election referendum exercise exercises drills raid shelling bombing
    detention closure restrictions tariffs blockade""".split()  # noqa: SIM905 (a word list)
)
TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today tonight day days week
    weekend month year morning afternoon evening night january february march april may june
    july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec""".split()  # noqa: SIM905 (a word list)
)
PRAISE_WORDS = frozenset(
    """friend friends ally allies partner partners brother brotherly historic success
    successful constructive productive fruitful positive important breakthrough victory
    triumph milestone achievement landmark model""".split()  # noqa: SIM905
)
NEGATING_WORDS = frozenset({"not", "no", "never", "un", "hardly"})
AGREEMENT_NOUNS = frozenset({"agreement", "deal", "pact", "treaty", "accord", "ceasefire", "truce"})
# Verbs whose complement carries the event: "agreed to meet", "vowed to retaliate".
INTENT_HEADS = frozenset({"agree", "vow", "pledge", "promise", "offer"})
COOPERATIVE_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})
OBLIGATION_AUX = frozenset({"must", "should"})
DECLARING = frozenset(
    {"say", "declare", "reiterate", "insist", "stress", "state", "tell", "warn", "add"}
)
FORCE_ROOTS = frozenset({"17", "18", "19", "20"})
# a summons, recall or expulsion told in the passive without its agent
AGENTLESS_CODES = frozenset({"114", "161", "166"})
TRUCE_VIOLATION = "196"
VISIT_CODE = "042"
# verbs whose subject receives what a support or aid noun's "of" party gives
RECEIVING = frozenset({"benefit", "enjoy", "receive", "win", "gain", "secure", "get", "have"})
FORUM_PREPS = frozenset({"with", "to"})  # where a complaint is lodged, beside "against" whom
# reactions that judge another's act, and the acts whose victims are never the one judged
# (a threat's or demand's object is the speaker's own act: "threatened sanctions against X")
JUDGING_ROOTS = frozenset({"11", "12", "14"})
HOSTILE_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
# acts whose place can stand for a party: aid, yielding ("lifted a curfew in X"), force
PLACE_ROOTS = frozenset({"07", "08", "09", *FORCE_ROOTS})
PARTICLES = frozenset({"out", "off", "up", "down", "back", "away"})
COMPLEMENT_PREPS = ("to", "in", "with", "against", "on", "into")
CIVILIAN_TARGET_ROOTS = frozenset({"07", "08", *FORCE_ROOTS})
CROWD_WORDS = frozenset({"thousands", "hundreds", "dozens", "millions", "scores", "tens"})
PLACE_PREPS = ("on", "at", "in", "near", "into", "against", "over")
PERSON_KINDS = frozenset({"person", "reference", "adjective", "seat"})
STATE_KINDS = frozenset({"country", "capital", "seat", "igo"})  # what "it"/"its" can be


@dataclass(slots=True)
class RuleMatch:
    """One stated interaction before it becomes an Event."""

    code: str
    trigger: Token
    sources: list[ArgActor]
    targets: list[ArgActor]
    symmetric: bool
    modality: Modality
    multilateral: bool = False
    mediators: list[ArgActor] = field(default_factory=list)
    reverse: str | None = None  # code of the implied reverse event ("hosted" → guest visited)
    completed: bool = False  # a side was filled from the sentence, not from the parse
    completable: bool = True
    separate: bool = False  # "signed separate deals with": the subjects did not deal together


def _aimed(
    code: str,
    verb: Token,
    sources: list[ArgActor],
    targets: list[ArgActor],
    modality: Modality,
) -> list[RuleMatch]:
    """One match of ``code`` from ``sources`` to ``targets``, the sources' own states left
    out of the targets; none when either side is empty."""
    mine = {c for a in sources for c in a.codes}
    targets = [a for a in targets if not set(a.codes) & mine]
    if not sources or not targets:
        return []
    return [RuleMatch(code, verb, sources, targets, False, modality)]


class SentenceCoder:
    """Applies the lexicon's frames to one parsed sentence."""

    def __init__(
        self,
        sent: Span,
        tm: TokenMentions,
        lexicon: Lexicon,
        prior_subject: list[ArgActor],
        places: TokenMentions | None = None,
        prior_actors: list[ArgActor] | None = None,
        last_place: ArgActor | None = None,
    ) -> None:
        self.sent = sent
        self.tokens = sentence_tokens(sent)  # Token objects made once, walked many times
        self.tm = tm
        self.places = places  # non-capital places: only ever the site of an attack
        self.lex = lexicon
        self.prior_subject = prior_subject
        self.prior_actors = prior_actors or []  # every actor of the previous parsed sentence
        self.last_place = last_place  # the capital or place named last before this sentence
        self.consumed: set[int] = set()
        self._clause: Token | None = None  # predicate whose arguments are being read
        self._taken: set[int] = set()
        self._attribution: set[int] | None = None

    # -- arguments -------------------------------------------------------------------
    def actors(self, tok: Token, *, pronoun_clause: Token | None = None) -> list[ArgActor]:
        clause = pronoun_clause if pronoun_clause is not None else self._clause
        if clause is None:
            return phrase_actors(tok, self.tm)
        return phrase_actors(tok, self.tm, pronouns=lambda p: self._resolve_pronoun(p, clause))

    def _resolve_pronoun(self, pron: Token, clause: Token) -> list[ArgActor]:
        """ "its war", "their families", "his counterpart": the nearest earlier phrase in the
        sentence that agrees (a state or body for "it", people or a plural for "they", a
        person for "he/she"); else the reporter or the previous sentence's subject."""
        word = pron.lower_
        if word in FIRST_PERSON:
            # "We condemn …," the minister said; a quotation's next sentence ("… said that
            # "X. We call on Y"") is still the speaker's, who was the last sentence's subject
            quoted = any(q in self.sent.text for q in QUOTES)
            return self._speaker(clause) or (list(self.prior_subject) if quoted else [])
        # "Brazil and Chile issued statements denouncing it": an object pronoun never
        # means the subject of a clause above it
        bound: set[int] = set()
        if pron.dep_ != "poss":
            for verb in pron.ancestors:
                for subj in children(verb, *SUBJECT_DEPS):
                    bound |= {t.i for t in subj.subtree}
        for tok in reversed(self.tokens[: pron.i - self.tokens[0].i]):
            if tok.pos_ in ("PRON", "PUNCT", "DET", "CCONJ") or tok.i in bound:
                continue
            if word in ("its", "it"):
                mention = self.tm.get(tok)
                if mention is not None and mention.kind in STATE_KINDS and tok.tag_ != "NNS":
                    return [ArgActor(mention, tok.i)]
            elif word in ("their", "they", "them"):
                if tok.tag_ in ("NNS", "NNPS") or children(tok, "conj"):
                    found = phrase_actors(tok, self.tm)
                    if found and not _things_of(tok, found, self.tm):
                        return found
            else:  # he, she, his, her
                mention = self.tm.get(tok)
                if mention is not None and mention.kind in ("person", "reference"):
                    return [ArgActor(mention, tok.i)]
        return self._pronoun_antecedent(clause)

    def _speaker(self, clause: Token) -> list[ArgActor]:
        """Who says a reported clause: the subject of the reporting verb above it."""
        tok = clause
        for _ in range(4):
            if tok.dep_ not in ("ccomp", "parataxis", "conj", "xcomp") or tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.lemma_ in REPORTING:
                return self._reporter(tok)
        # "…," Sikorski told reporters: the quote may be the reporting verb's head
        for c in kids(clause):
            if c.dep_ == "parataxis" and c.lemma_ in REPORTING:
                return self._reporter(c)
        return []

    def _reporter(self, verb: Token) -> list[ArgActor]:
        """The subject of a reporting verb; "he said" is the previous sentence's subject."""
        found = self.subject(verb, allow_pronoun=False)
        if not found and any(s.lower_ in ("he", "she") for s in children(verb, "nsubj")):
            return list(self.prior_subject)
        return found

    def _pronoun_antecedent(self, clause: Token) -> list[ArgActor]:
        """A pronoun subject in a reported clause refers to the reporter, else the prior subject."""
        if clause.dep_ in ("ccomp", "xcomp", "advcl", "conj") and clause.head.i != clause.i:
            head_subj = self.subject(clause.head, allow_pronoun=False)
            if head_subj:
                return head_subj
        return self.prior_subject

    def subject(self, verb: Token, *, allow_pronoun: bool = True) -> list[ArgActor]:
        """Actors of the active subject, inherited through conj/xcomp/advcl/relcl when absent."""
        subj = children(verb, "nsubj", "csubj")
        if subj and verb.dep_ == "relcl" and subj[0].lower_ in ("who", "which", "that"):
            subj = [verb.head]  # "Modi, who visited Moscow": the relative pronoun's antecedent
            if _among_those(subj[0]):
                # "X and Y were among those who left": the copula's subject acted
                return self.subject(subj[0].head.head, allow_pronoun=allow_pronoun)
            while subj[0].dep_ == "conj" and subj[0].head.i != subj[0].i:
                subj = [subj[0].head]  # "Qatar and Egypt, which mediated": the whole list
        if subj:
            found: list[ArgActor] = []
            for s in subj:
                if allow_pronoun:
                    found.extend(self.actors(s, pronoun_clause=verb))
                else:
                    found.extend(phrase_actors(s, self.tm))
            if not found and allow_pronoun and any(_meeting_document(s) for s in subj):
                return list(self.prior_subject)  # "The final communique condemned …"
            return found
        if children(verb, "nsubjpass"):
            return []
        for aux in children(verb, "aux", "auxpass"):  # a misparse hangs the subject on "is"
            if children(aux, "nsubj"):
                return self.subject(aux, allow_pronoun=allow_pronoun)
        head = verb.head
        if head.i == verb.i:
            return []
        if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
            found = phrase_actors(head, self.tm)
            if not found and self._enacted_by_document(verb, head):
                # "Putin signed treaties annexing four regions": who signed annexes
                return self.subject(head.head, allow_pronoun=allow_pronoun)
            if not found and allow_pronoun and head.dep_ == "ROOT" and _meeting_document(head):
                return list(self.prior_subject)  # "The declaration called on …", misparsed
            return found
        if verb.dep_ == "xcomp" and head.lemma_ in OBJECT_CONTROL:
            objs = children(head, "dobj")
            return phrase_actors(objs[0], self.tm) if objs else []
        if verb.dep_ in ("conj", "xcomp", "advcl") and head.pos_ in ("VERB", "AUX"):
            found = self.subject(head, allow_pronoun=allow_pronoun)
            if not found and verb.dep_ == "conj" and head.dep_ == "ccomp":
                # "X said the shipment was a gesture and called on Y": a misattached
                # conjunct whose host clause names no actor belongs to the reporter
                return self.subject(head.head, allow_pronoun=allow_pronoun)
            return found
        if verb.dep_ == "acomp" and head.pos_ in ("VERB", "AUX"):
            return self.subject(head, allow_pronoun=allow_pronoun)  # "is opposed to"
        if verb.dep_ == "amod" and _predicative(verb):
            # "Canada was among the countries critical of …": the copula's subject
            return self.subject(head.head.head, allow_pronoun=allow_pronoun)
        if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
            # "Syria is willing to withdraw", "is ready to host": the copula's subject
            return self.subject(head.head, allow_pronoun=allow_pronoun)
        if verb.dep_ == "pcomp" and head.head.pos_ in ("VERB", "AUX"):
            return self.subject(head.head, allow_pronoun=allow_pronoun)  # "after hosting X"
        return []

    def _enacted_by_document(self, verb: Token, noun: Token) -> bool:
        """ "signed treaties annexing X": a hostile act the signed document carries out. A
        cooperative one ("a joint statement pledging to deepen ties") is the document's
        content, coded as the signing itself."""
        if verb.dep_ != "acl" or noun.dep_ != "dobj":
            return False
        carrier = self.lex.verb(noun.head.lemma_.lower())
        own = self.lex.verb(verb.lemma_.lower())
        return (
            carrier is not None
            and not carrier.light
            and own is not None
            and own.code[:2] not in COOPERATIVE_ROOTS
        )

    def passive_agent(self, verb: Token) -> list[ArgActor]:
        return [a for obj in prep_objects(verb, ["by"]) for a in self.actors(obj)]

    # -- verbs ----------------------------------------------------------------------
    def verb_match(self, verb: Token, frame: Frame) -> list[RuleMatch]:
        self._clause = verb
        try:
            return self._verb_match(verb, frame)
        finally:
            self._clause = None

    def _verb_match(self, verb: Token, frame: Frame) -> list[RuleMatch]:
        code = frame.code
        agreed_on = {o.lemma_.lower() for o in children(verb, "dobj")} & AGREEMENT_NOUNS
        # "agreed to meet"; "agreed in a phone call to strengthen …" (parsed as an adjunct)
        comps = children(verb, "xcomp")
        if frame.lemma == "agree" and not comps:
            comps = [c for c in children(verb, "advcl") if "to" in {a.lower_ for a in kids(c)}]
        if frame.lemma in INTENT_HEADS and comps and not agreed_on:
            comp = comps[0]
            comp_frame = self.lex.verb(comp.lemma_.lower())
            comp_objs = {w for o in children(comp, "dobj") for w in self._object_lemmas(o)}
            # … unless the complement is no event ("agreed to send the protocol to parliament")
            coded = comp_frame is not None and (
                not comp_frame.needs or bool(comp_objs & comp_frame.needs)
            )
            if coded and comp_frame is not None and not comp_frame.light:
                return []  # "agreed to meet": the complement is coded, as an intent
            if frame.lemma == "agree":
                code = "030"  # "agreed to restore relations": an expressed intent to cooperate
        if frame.lemma == "agree" and not agreed_on:
            if {o.lemma_.lower() for o in prep_objects(verb, ["to", "on", "upon"])} & (
                AGREEMENT_NOUNS
            ):
                return []  # "agreed to a ceasefire", "agreed on a pact": the noun is the event
            if children(verb, "ccomp"):
                code = "030"  # "agreed that their countries should cooperate"
        objs = children(verb, "dobj")
        relative = verb.dep_ in ("relcl", "acl") and not children(verb, "nsubjpass")
        if not objs and relative and children(verb, "nsubj"):
            objs = [verb.head]  # "the sanctions France imposed on Iran": the head is the object
        obj = objs[0] if objs else None
        obj_lemmas = self._object_lemmas(obj)
        for theme in children(verb, "nsubjpass"):
            # "the ambassador was recalled": a passive's subject is what the verb acts on
            obj_lemmas |= self._object_lemmas(theme)
        if frame.lemma in INTENT_HEADS:
            # "vowed to take firm countermeasures": the complement's object says what is vowed
            for comp in children(verb, "xcomp"):
                obj_lemmas |= {
                    w for o in children(comp, "dobj") for w in (o.lemma_.lower(), o.lower_)
                }
        refusing = frame.refused is not None and any(c.dep_ == "neg" for c in kids(verb))
        # "violated the ceasefire agreement", "gave 3 billion yen": a compound or number can
        # name what the frame needs
        compounds = [c.lower_ for o in objs for c in children(o, "compound", "nummod")]
        named = obj_lemmas | set(compounds)
        if frame.needs and not (named & frame.needs) and not refusing:
            return []  # … but "would not accept any foreign troops" refuses whatever it names
        if frame.needs_prep_obj and not self._has_prep_obj(verb, frame.needs_prep_obj):
            return []
        if frame.notpreps and any(
            p.lower_ in frame.notpreps and not any(o.lower_ in TIME_WORDS for o in kids(p))
            for p in children(verb, "prep")
        ):
            return self._appeal(verb)  # "called on X" — but "called X … on Thursday"
        glued = any(
            c.dep_ == "compound" and c.lemma_.lower() in ANAPHORIC_NOUNS
            for o in children(verb, "dobj")
            for c in kids(o)
        )
        judged = [c for c in kids(verb) if c.dep_ in ("oprd", "ccomp")]
        if frame.lemma == "call" and obj is not None and not judged:
            # "called Russia's seizure of the vessels “a dangerous escalation”": a verdict
            # in quotation marks, which the parser hangs inside the object
            judged = _quoted_verdict(obj)
        if frame.lemma == "call" and (glued or judged):
            code = "111"  # "called the move irresponsible": a verbal judgement, not a call
            words = {t.lemma_.lower() for c in judged for t in c.subtree}
            if words & PRAISE_WORDS and not words & NEGATING_WORDS:
                code = "051"  # "called Russia its most honest friend": praise
        for lemma in [*obj_lemmas, *compounds]:  # the head words first, then compounds
            if lemma in frame.objcode:
                code = frame.objcode[lemma]
                break
        if code[:2] == "07" and obj is not None:
            code = self._aid_code(obj, code)

        passive = bool(children(verb, "nsubjpass")) or (
            verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and bool(children(verb, "agent"))
        )
        stative = (
            frame.stative
            and passive
            and not children(verb, "agent")
            and bool(prep_objects(verb, frame.preps))
        )
        if stative:
            passive = False  # "Turkey is opposed to the bid": Turkey opposes it
            sources = [a for s in children(verb, "nsubjpass") for a in self.actors(s)]
            targets = []
        elif passive and is_recall(frame.code, frame.needs) and not children(verb, "agent"):
            # "Britain's ambassador to Russia was recalled": the owner recalls from the post
            envoys = children(verb, "nsubjpass")
            sources = [a for e in envoys for t in envoy_owner_tokens(e) for a in self.actors(t)]
            targets = [a for e in envoys for t in envoy_post_tokens(e) for a in self.actors(t)]
            sources = sources or self._speaker(verb)
            passive = not sources  # a recall with its recaller found reads as active
        elif passive:
            sources = self.passive_agent(verb)
            targets = [a for s in children(verb, "nsubjpass") for a in self.actors(s)]
            if not sources and code in AGENTLESS_CODES:
                sources = self._implied_agent(verb)
        else:
            sources = self.subject(verb)
            if sources:
                # "imposed sanctions in step with Britain and Australia": each acts
                partners = [a for t in partner_tokens(verb) for a in self.actors(t)]
                sources += partners
            targets = []
            if obj is not None and frame.obj == "target" and self._judges_attack(code, obj):
                # "condemned the shelling of Armenian villages by Azerbaijani forces": the
                # one judged is who attacked, never who was hit
                targets.extend(self._attackers(obj))
            elif obj is not None and frame.obj == "target" and not _judged_act(obj):
                targets.extend(self.actors(obj))
            targets.extend(a for t in children(verb, "dative") for a in self.actors(t))
        prep_targets = [
            a for t in prep_objects(verb, frame.preps) if not _means(t) for a in self.actors(t)
        ]
        if obj is not None:
            # "sent a team of rescuers and a plane with supplies to Turkey": coordinated objects
            # … and "offers of help from Spain": the measured stuff's own prepositions
            for part in [obj, *children(obj, "conj"), *prep_objects(obj, _measure_preps(obj))]:
                prep_targets += [a for t in prep_objects(part, frame.preps) for a in self.actors(t)]
        if frame.lemma in INTENT_HEADS:
            # "vowed to take measures against the United States"
            for comp in children(verb, "xcomp"):
                for part in [comp, *children(comp, "dobj")]:
                    prep_targets += [
                        a for t in prep_objects(part, frame.preps) for a in self.actors(t)
                    ]
        if "against" in frame.preps and frame.preps & FORUM_PREPS:
            # "filed a complaint against Myanmar with the court": the court is the forum
            hosts = [verb, *([obj, *children(obj, "conj")] if obj is not None else [])]
            opposed = [
                a for h in hosts for t in prep_objects(h, ["against"]) for a in self.actors(t)
            ]
            prep_targets = opposed or prep_targets
        targets.extend(prep_targets)
        if not targets and sources and code == TRUCE_VIOLATION and not passive:
            targets = self._truce_partner(verb, objs, sources)
        if not targets and (code[:2] in REACTION_ROOTS or code == "045"):
            themes = children(verb, "nsubjpass") if passive else []  # "the deals were brokered"
            for o in [*objs, *themes, *prep_objects(verb, frame.preps)]:
                targets = targets or self._anaphoric_target(o, sources)
        if not targets and sources and code[:2] in REACTION_ROOTS and not objs:
            # "Lukashenko vowed to retaliate." — a reaction naming no one else answers the
            # actor the story was just about ("praised the armed forces" answers no one)
            mine = {c for a in sources for c in a.codes}
            named = {c for a in self.tm.actors() for c in a.codes}
            if named <= mine:
                # only a hostile reaction reaches past the previous subject: "signed a
                # memorandum" is no answer to whoever the last sentence named
                targets = self._earlier_other(sources, wide=code[:2] != "05")
        if not targets and sources and code[:2] not in COOPERATIVE_ROOTS and answers_earlier(verb):
            targets = self._earlier_other(sources)  # "In response, Greece put its forces on alert"
        if not targets and frame.ccomp_target:
            for comp in children(verb, "ccomp", "xcomp", "advcl"):
                targets = [a for s in children(comp, "nsubj") for a in self.actors(s)]
                if targets:
                    break
        if not targets and sources and code[:2] in FORCE_ROOTS and not passive:
            over = [a for o in overflown(verb) for a in self.actors(o)]
            if over:
                targets, code = over, SHOW_OF_FORCE  # "fired a missile over Japan"
        if not targets and code[:2] in FORCE_ROOTS:
            # "struck a hospital in Kyiv": the place attacked stands for its state
            places = [verb, *([obj] if obj is not None else [])]
            located = [o for t in places for o in prep_objects(t, ["in", "near"])]
            targets = [a for o in located for a in self.actors(o)]
        if obj is not None and obj.lower_ == "other" and any(c.lower_ == "each" for c in kids(obj)):
            targets = list(sources)  # "both sides accused each other": each of them, both ways
        if frame.source_sectors and not any(
            a.mention.sector in frame.source_sectors for a in sources
        ):
            return []  # "Putin left Beijing" is no withdrawal; "French troops left Mali" is
        if frame.prepcode:
            means = [
                o
                for p in children(verb, "prep")
                for o in [*kids(p), *(g for q in children(p, "prep") for g in kids(q))]
            ]
            for o in means:
                word = o.lower_ if o.lower_ in frame.prepcode else o.lemma_.lower()
                if word in frame.prepcode:
                    code = frame.prepcode[word]
                    # "pulled out of talks with Armenia": the talks' partner
                    targets = targets or [
                        a for t in prep_objects(o, ["with", "between"]) for a in self.actors(t)
                    ]
                    break
        if (
            frame.needs_person
            and code == frame.code
            and not any(a.mention.kind in PERSON_KINDS for a in targets)
        ):
            return []
        if frame.needs_actor_obj and not targets and not self._places_hit(verb):
            return []
        if frame.needs_source and not sources:
            return []
        # "signed an agreement", "lifted sanctions": the object is the verb's theme, one
        # event; "hosted talks between A and B" is two
        noun_frame = self._noun_frame(obj) if obj is not None else None
        if obj is not None and noun_frame is not None:
            # "suspended aid": an object the frame names is its theme, not a second event
            theme = bool({obj.lemma_.lower(), obj.lower_} & (frame.needs | set(frame.objcode)))
            if noun_frame.code == code or theme:
                self.consumed.add(obj.i)
        mediators = self._mediators(obj) if obj is not None else []
        modality = assess(verb, verb, self.lex)
        if code[:2] == "04" and _scheduled(verb, self.sent):
            modality = replace(modality, intent=True)
        if (verb.lemma_ in MEDIATOR_LEMMAS or frame.reverse) and obj is not None:
            # "brokered a deal between A and B"; "hosted talks between A and B": the host
            # receives both parties, who talk to each other
            targets.extend(a for t in prep_objects(obj, ["between"]) for a in self.actors(t))
        multilateral = any(c.lower_ in MULTILATERAL for c in (kids(obj) if obj else ()))
        if (frame.blocks or frame.complement) and not targets:
            targets = self._complement_targets(verb)
        # "Turkey and Greece agreed to share information": coordinated parties of a
        # cooperative act with no one else named act together
        mutual = frame.sym or (
            not targets
            and not passive
            and code != "045"
            and code[:2] in COOPERATIVE_ROOTS
            and len({c for a in sources for c in a.codes}) > 1
        )
        firm = not modality.hypothetical or (
            _aux_words(verb) <= {"will", "would", "wo", "not", "n't"}
            and not any(c.dep_ == "mark" for c in kids(verb))
        )
        # "Serbia does not recognise Kosovo", "the government, which does not recognise the
        # election": a standing position (present tense, or a relative clause describing its
        # subject) is a negated act, not an act of refusal ("said it did not recognise")
        standing = verb.dep_ == "relcl" or bool(_aux_words(verb) & {"does", "do"})
        # "would not recognise Kosovo": withholding recognition from a party is a negated
        # recognition; "did not recognise the document" rejects what it names
        standing = standing or (code[:2] == "05" and obj is not None and self.tm.get(obj))
        if frame.refused and modality.negated and firm and not standing:
            # "said it did not recognise the decision", "would not accept": a refusal
            code, mutual = frame.refused, False
            if not targets and obj is not None:
                targets = self.actors(obj)  # "would not accept any Israeli troops"
            modality = Modality(blocked=modality.blocked)
        split = self._split_objects(verb, frame, obj, sources, targets, modality)
        if split:
            return split
        match = RuleMatch(code, verb, sources, targets, mutual, modality, multilateral)
        match.mediators = mediators
        match.reverse = frame.reverse if code == frame.code else None
        match.separate = any(
            c.lower_ in ("separate", "separately", "individual", "bilateral")
            for t in (verb, *objs)
            for c in kids(t)
        )
        # a verb whose object is only a topic ("released a statement") names no partner
        match.completable = (frame.obj == "target" or bool(frame.needs) or frame.sym) and not (
            passive and not sources
        )
        if not passive and not stative and not mutual and partner_tokens(verb):
            # … and the listed states acted in concert with each other
            concert = RuleMatch(COORDINATION_CODE, verb, list(sources), [], True, modality)
            concert.completable = False
            if len({c for a in sources for c in a.codes}) >= 2:
                return [match, concert]
        return [match]

    def _split_objects(
        self,
        verb: Token,
        frame: Frame,
        obj: Token | None,
        sources: list[ArgActor],
        targets: list[ArgActor],
        modality: Modality,
    ) -> list[RuleMatch]:
        """ "expressed support for the Philippines and concern over the Chinese actions":
        coordinated objects with codes of their own are one act each, each addressed to the
        party named inside it."""
        if obj is None or not frame.objcode or frame.sym:
            return []
        # the parser often hangs the second object on the first one's complement ("support
        # for the Philippines and concern"): any coordinated noun inside the object counts,
        # and each party goes with the object named last before it
        coded = [
            (t, frame.objcode.get(t.lower_) or frame.objcode.get(t.lemma_.lower()))
            for t in obj.subtree
            if t.i == obj.i or t.dep_ == "conj"
        ]
        coded = [(t, c) for t, c in coded if c]
        if len({c for _, c in coded}) < 2:
            return []
        out = []
        for k, (part, code) in enumerate(coded):
            end = coded[k + 1][0].i if k + 1 < len(coded) else len(self.sent.doc)
            mine = [a for a in targets if part.i < a.token_i < end]
            if mine:
                out.append(RuleMatch(code, verb, list(sources), mine, False, modality))
        return out

    def _truce_partner(
        self, verb: Token, objs: list[Token], sources: list[ArgActor]
    ) -> list[ArgActor]:
        """ "X violated the ceasefire with Y"; "X violated the truce, Y's ministry said": the
        other party of a truce is its partner, else the state reporting the violation."""
        mine = {c for a in sources for c in a.codes}
        partners = [
            a
            for t in (verb, *objs)
            for o in prep_objects(t, ["with", "between"])
            for a in self.actors(o)
            if not set(a.codes) & mine
        ]
        if partners:
            return partners
        speaker = self._speaker(verb)
        speaker = [a for a in speaker if a.mention.kind != "igo" and not set(a.codes) & mine]
        # … else the other side the story was just about
        return speaker or [a for a in self._earlier_other(sources) if a.mention.kind != "igo"]

    def _verdict(self, verb: Token) -> list[RuleMatch]:
        """ "The U.S. has deemed Maduro's presidency illegitimate": disapproval (111) of the
        party whose act or office is judged."""
        return self._subject_against(verb, negative_verdict(verb), VERDICT_CODE)

    def _walkout(self, verb: Token) -> list[RuleMatch]:
        """ "Delegates from France walked out during the Russian minister's speech": a
        protest (140) against the speaker."""
        return self._subject_against(verb, speakers(verb), WALKOUT_CODE)

    def _subject_against(self, verb: Token, aimed: list[Token], code: str) -> list[RuleMatch]:
        """``code`` from the verb's subject to the actors of ``aimed`` (tokens the verb's
        own rule found), the subject's own states left out."""
        if not aimed:
            return []
        self._clause = verb
        try:
            sources = self.subject(verb)
            targets = [a for t in aimed for a in self.actors(t)]
        finally:
            self._clause = None
        return _aimed(code, verb, sources, targets, assess(verb, verb, self.lex))

    def _allegation(self, verb: Token) -> list[RuleMatch]:
        """ "Officials said they were convinced the government had used sarin": the
        claimer accuses (112) the party said to have used banned weapons or done wrong."""
        if not alleged_wrong(verb):
            return []
        self._clause = verb
        try:
            passive = bool(children(verb, "nsubjpass"))
            targets = self.passive_agent(verb) if passive else self.subject(verb)
            sources: list[ArgActor] = []
            for head in claimers(verb):
                sources = self.subject(head, allow_pronoun=False)
                if sources:
                    break
        finally:
            self._clause = None
        modality = replace(assess(verb, verb, self.lex), intent=False, hypothetical=False)
        return _aimed(ACCUSATION_CODE, verb, sources, targets, modality)

    def _threat_faced(self, verb: Token) -> list[RuleMatch]:
        """ "Saudi Arabia would face retribution," Khamenei said: the speaker threatens the
        subject."""
        self._clause = verb
        try:
            speaker = self._speaker(verb)
            targets = [a for s in children(verb, "nsubj") for a in self.actors(s)]
        finally:
            self._clause = None
        modality = replace(assess(verb, verb, self.lex), intent=False, hypothetical=False)
        return _aimed(THREAT_CODE, verb, speaker, targets, modality)

    def _unwelcome(self, persona: Token) -> list[RuleMatch]:
        """ "Quito declared Mexico's ambassador persona non grata": an expulsion (166) of the
        declared envoy's state; told in the passive, by the ministry that reports it."""
        found = persona_non_grata(persona)
        if found is None:
            return []
        verb, declared, passive = found
        self._clause = verb
        try:
            targets = _unique_actors(
                [ArgActor(m, d.i) for d in declared if (m := self.tm.get(d)) is not None]
            )
            if passive:
                sources = self.passive_agent(verb) or self._implied_agent(verb)
            else:
                sources = self.subject(verb)
        finally:
            self._clause = None
        modality = assess(verb, verb, self.lex)
        return [RuleMatch(EXPULSION_CODE, verb, sources, targets, False, modality)]

    def _implied_agent(self, verb: Token) -> list[ArgActor]:
        """ "The envoy was summoned to the foreign ministry in Ankara"; "… was called in,
        the Turkish foreign ministry said": a summons or expulsion told without its agent
        was made by the ministry it was made at, else by the ministry reporting it."""
        at = [a for o in prep_objects(verb, ["to"]) for a in self.actors(o)]
        return at or self._speaker(verb)

    def _judges_attack(self, code: str, obj: Token) -> bool:
        """A reaction (criticism, protest, rejection) whose object is a hostile act, or a
        claim ("rejected press reports that it had supplied missiles to X", "dismissed any
        role in the bombing"): only who made the claim or the attack is its target."""
        if code[:2] not in JUDGING_ROOTS:
            return False
        if obj.lemma_.lower() in CLAIM_NOUNS:
            return True
        frame = self._noun_frame(obj)
        return frame is not None and frame.code[:2] in HOSTILE_ROOTS

    def _attackers(self, noun: Token) -> list[ArgActor]:
        """The agent of an event noun: "Russia's strikes", "the Russian shelling", "strikes
        by Israel"."""
        found = [
            a
            for c in kids(noun)
            if c.dep_ in ("poss", "compound", "amod", "nmod")
            for a in self.actors(c)
        ]
        return found + [a for t in prep_objects(noun, ["by"]) for a in self.actors(t)]

    def _appeal(self, verb: Token) -> list[RuleMatch]:
        """ "called on X to …": an appeal (020) to X, not a phone call."""
        targets = [a for t in prep_objects(verb, ["on", "upon"]) for a in self.actors(t)]
        # "called for restraint from both countries": those asked follow "from"
        asked = [o for t in prep_objects(verb, ["for"]) for o in prep_objects(t, ["from", "by"])]
        targets += [a for o in asked for a in self.actors(o)]
        modality = assess(verb, verb, self.lex)
        return [RuleMatch("020", verb, self.subject(verb), targets, False, modality)]

    def _anaphoric_target(self, obj: Token, sources: list[ArgActor]) -> list[ArgActor]:
        """ "condemned the move", "rejected the plan": the actor of the previous statement."""

        def definite(t: Token) -> bool:
            return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in kids(t))

        # "the move", and "the probe protectionist" where the parser glued the noun on
        refers = [
            t
            for t in obj.subtree
            if t.lemma_.lower() in ANAPHORIC_NOUNS
            and (definite(t) or (t.dep_ == "compound" and definite(t.head)))
        ]
        if not refers and obj.lemma_.lower() in ANAPHORIC_NOUNS:
            refers = [obj] if any(c.lower_ in ("the", "this", "that") for c in obj.subtree) else []
        if not refers:
            return []
        if any(self.tm.get(t) for t in obj.subtree):
            return []
        if self.places and any(self.places.get(t) for t in obj.subtree):
            return []  # "the attacks on Port Sudan": a new event, its attacker unnamed
        return self._earlier_other(sources)

    def _earlier_other(self, sources: list[ArgActor], *, wide: bool = True) -> list[ArgActor]:
        """The party of the previous sentence a reaction answers: its subject, or else its
        only other actor ("Poland summoned Russia's envoy … 'We condemn this violation'")."""
        mine = {c for a in sources for c in a.codes}
        subject = [a for a in self.prior_subject if not set(a.codes) & mine]
        if subject or not wide:
            return subject
        others = [a for a in self.prior_actors if not set(a.codes) & mine]
        return others if len({c for a in others for c in a.codes}) == 1 else []

    def _complement_targets(self, verb: Token) -> list[ArgActor]:
        """Targets of a threat/warning stated in its complement ("threatened to strike X")."""
        for comp in children(verb, "xcomp", "ccomp"):
            frame = self.lex.verb(comp.lemma_)
            # "refused to deploy troops in Iraq": a verb outside the lexicon still names
            # where or to whom
            preps = frame.preps if frame is not None else COMPLEMENT_PREPS
            objs = children(comp, "dobj")
            found = [a for o in objs for a in self.actors(o)]
            found += [a for o in prep_objects(comp, preps) for a in self.actors(o)]
            # "threatened to break off relations with Congo": the partner hangs on the object
            found += [a for o in objs for p in prep_objects(o, preps) for a in self.actors(p)]
            if found:
                return found
        return []

    def _verb_frame(self, verb: Token) -> Frame | None:
        """The frame of a phrasal verb ("called off", "walked out") or else of the verb."""
        lemma = verb.lemma_.lower()
        for c in kids(verb):
            # "called off"; "pulled out of talks", where the parser makes "out" a preposition;
            # "brought its ambassador home"
            home = c.dep_ == "advmod" and c.lower_ == "home"
            if c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in PARTICLES) or home:
                phrasal = self.lex.verb(f"{lemma} {c.lower_}")
                if phrasal is not None:
                    return phrasal
        return self.lex.verb(lemma)

    def _light_theme(self, verb: Token, frame: Frame) -> bool:
        objs = children(verb, "dobj")
        return bool(objs) and not self._object_lemmas(objs[0]).isdisjoint(frame.objcode)

    def _object_lemmas(self, obj: Token | None) -> set[str]:
        if obj is None:
            return set()
        lemmas = {obj.lemma_.lower(), obj.lower_}
        for c in kids(obj):
            if c.dep_ == "conj":
                lemmas |= {c.lemma_.lower(), c.lower_}
        # "30 tonnes of medical supplies", "an increase in tariffs": the measured stuff is
        # the object
        for pobj in prep_objects(obj, _measure_preps(obj)):
            lemmas |= {pobj.lemma_.lower(), pobj.lower_}
        return lemmas

    def _has_prep_obj(self, verb: Token, wanted: frozenset[str]) -> bool:
        return any(
            o.lemma_.lower() in wanted
            for o in prep_objects(verb, ["by", "on", "over", "via", "in", "for", "to", "into"])
        )

    def _aid_code(self, noun: Token, code: str) -> str:
        # "$20 million in humanitarian assistance": the measured stuff says what kind
        stuff = prep_objects(noun, ["in"]) if noun.lower_ in MONEY_WORDS else []
        for c in (c for t in (noun, *stuff) for c in kids(t)):
            if c.dep_ in ("amod", "compound") and c.lower_ in AID_MODIFIERS:
                return AID_MODIFIERS[c.lower_]
        return code

    def _mediators(self, noun: Token) -> list[ArgActor]:
        """ "a Russia-brokered agreement", "an agreement brokered by Qatar"."""
        found: list[ArgActor] = []
        for c in kids(noun):
            if c.dep_ in ("amod", "acl", "compound") and c.lemma_.lower() in MEDIATOR_LEMMAS:
                for m in kids(c):
                    if m.dep_ in ("npadvmod", "compound", "nsubj", "nmod", "amod"):
                        found.extend(self.actors(m))
                found.extend(self.passive_agent(c))
        return found

    # -- nouns ----------------------------------------------------------------------
    def _noun_frame(self, tok: Token) -> Frame | None:
        frame = self.lex.noun(tok.lemma_.lower(), tok.text)
        if frame is None:
            return None
        head = tok.head
        if tok.dep_ == "compound" and head.i != tok.i:
            if self._noun_frame(head) is not None:
                return None  # "war games", "ceasefire talks": the head noun is the event
            if head.lemma_.lower() in NON_EVENT_HEADS:
                return None  # "invasion forces", "attack helicopters", "war crimes"
        mods = {c.lower_ for c in kids(tok) if c.dep_ in ("amod", "compound")}
        if mods & frame.notmods:
            return None
        if frame.needs_mod and not mods & frame.needs_mod:
            # "in a call with Putin", "drills with the Japanese navy": a joint act with a
            # named party needs no modifier to be one
            with_actor = frame.sym and any(
                phrase_actors(o, self.tm) for o in prep_objects(tok, ["with", "between"])
            )
            return frame if with_actor or self._told_during(tok) else None
        return frame

    def _told_during(self, noun: Token) -> bool:
        """ "Erdogan told Zelensky in a call": the exchange is the adjunct of a verb whose
        subject and object are both actors."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ not in ("in", "during") or prep.dep_ != "prep":
            return False
        verb = prep.head
        if verb.pos_ != "VERB":
            return False
        objs = children(verb, "dobj", "dative")
        return any(phrase_actors(s, self.tm) for s in children(verb, "nsubj")) and any(
            phrase_actors(o, self.tm) for o in objs
        )

    def governing_clause(self, noun: Token) -> Token | None:
        """The nearest verb above an event noun that has a subject of its own."""
        tok = noun
        for _ in range(8):
            if tok.head.i == tok.i:
                return tok if tok.pos_ in ("VERB", "AUX") else None
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX") and children(tok, *SUBJECT_DEPS):
                return tok
            clausal = tok.dep_ in ("ROOT", "conj", "xcomp", "advcl")
            if tok.pos_ in ("VERB", "AUX") and clausal and self.subject(tok):
                return tok
        return None

    def noun_match(self, noun: Token, frame: Frame) -> list[RuleMatch]:
        if _characterisation(noun):
            return []  # "called it an attack on ECOWAS": a judgement, not a new attack
        own_mods = self._modifier_actors(noun, self.governing_clause(noun))
        preps = [a for t in prep_objects(noun, frame.preps) for a in self.actors(t)]
        # "four days of talks between A and B", "a mediation effort between A and B": the
        # measure or compound head stands in the clause
        pos = _measure_head(noun) or _compound_head(noun) or noun
        if pos is not noun:
            preps += [a for t in prep_objects(pos, frame.preps) for a in self.actors(t)]
        for acl in children(noun, "acl"):
            preps += [a for t in prep_objects(acl, frame.preps) for a in self.actors(t)]
            if frame.sym and acl.lemma_ == "attend":
                # "a summit … also attended by the leaders of A and B": they took part
                preps += [a for t in prep_objects(acl, ["by"]) for a in self.actors(t)]
        clause = self.governing_clause(pos)
        clause_frame = self._verb_frame(clause) if clause is not None else None
        # "launched attacks on X", "held talks with Y": the light verb carries the arguments
        light = (
            clause is not None
            and clause_frame is not None
            and clause_frame.light
            and pos.dep_ == "dobj"
            and pos.head.i == clause.i
        )
        if light and clause is not None:
            preps += [a for t in prep_objects(clause, frame.preps) for a in self.actors(t)]
        if clause_frame is not None and clause_frame.blocks and pos.dep_ != "nsubj":
            return []
        if (
            clause_frame is not None
            and pos.dep_ == "pobj"
            and pos.head.lower_ in clause_frame.notpreps
            and pos.head.head.i == clause.i
        ):
            return []  # "France and Germany called for a ceasefire": asked for, not agreed
        if (
            clause_frame is not None
            and clause_frame.code[:2] == "16"
            and pos.dep_ == "pobj"
            and pos.head.lower_ == "for"
        ):
            return []  # "recalled its ambassador for consultations": at home
        if not own_mods and not preps and clause is not None and clause.lemma_ in RECEIVING:
            # "Ukraine enjoys the support of the EU": the "of" party gives, the subject gets
            givers = [a for t in prep_objects(noun, ["of"]) for a in self.actors(t)]
            takers = self.subject(clause)
            mine = {c for a in takers for c in a.codes}
            givers = [a for a in givers if not set(a.codes) & mine]
            if givers and takers and frame.code[:2] in ("05", "07"):
                modality = assess(noun, clause, self.lex)
                return [RuleMatch(frame.code, noun, givers, takers, False, modality)]
        if (
            _definite_noun(noun)
            and not own_mods
            and not preps
            and not light
            and pos.dep_ in ("dobj", "pobj")
            and frame.code[:2] in COOPERATIVE_ROOTS
        ):
            return []  # "praised the deal", "welcomed the talks": an event told before
        modality = assess(noun, clause if clause is not None else noun, self.lex)
        if frame.code == VISIT_CODE and not preps and clause is not None:
            stay = self._stay(noun, clause, own_mods, modality)
            if stay:
                return stay
        if frame.code[:2] == "04" and clause is not None and _scheduled(clause, self.sent):
            modality = replace(modality, intent=True)
        if clause is not None and clause.lemma_ in self.lex.denial_verbs:
            modality = replace(modality, negated=True)
        multilateral = any(
            c.lower_ in MULTILATERAL for c in kids(noun) if c.dep_ in ("amod", "compound")
        )
        mediators = self._mediators(noun)
        if frame.mediator_prep:
            by = [a for t in prep_objects(noun, [frame.mediator_prep]) for a in self.actors(t)]
            if by:
                return [RuleMatch(frame.code, noun, by, preps, False, modality)]
        code = self._aid_code(noun, frame.code) if frame.code[:2] == "07" else frame.code
        if frame.code[:2] == "16":
            expelled = self._expelled_envoy(noun, clause, own_mods, modality)
            if expelled:
                return expelled

        clause_subj: list[ArgActor] = []
        clause_obj: list[ArgActor] = []
        # "tried to mediate an agreement between A and B on a truce": who mediates is no
        # party to the truce or the agreement
        mediating = (
            clause is not None and clause.lemma_ in MEDIATOR_LEMMAS and _mediated(pos, clause)
        )
        if clause is not None and pos.dep_ not in ("nsubj", "nsubjpass") and not mediating:
            clause_subj = self.subject(clause)
            if children(clause, "nsubjpass"):
                clause_subj = self.passive_agent(clause)
            clause_obj = [
                a for o in children(clause, "dobj") if o.i != pos.i for a in self.actors(o)
            ]
        # "travelled to Sochi for talks with Putin", "in a deal brokered by China": the noun
        # sits in an adjunct of the clause whose subject takes part.
        attach = pos.head.head
        if attach.dep_ in ("acomp", "oprd"):
            attach = attach.head  # "remained open to contacts with Washington"
        adjunct = (
            pos.dep_ == "pobj"
            and pos.head.dep_ == "prep"
            and attach.i == (clause.i if clause is not None else -1)
        )
        if frame.from_source:
            givers = [a for t in prep_objects(noun, ["from"]) for a in self.actors(t)]
            receivers = preps or (self.subject(clause) if clause is not None else [])
            if givers:
                return [RuleMatch(code, noun, givers, receivers, False, modality)]
        for prep, shown in frame.prepcode.items():
            # "drills around Taiwan": a show of force at someone, not an exercise with them
            hosts = [noun, *children(noun, "acl"), *([clause] if light and clause else [])]
            at = [a for h in hosts for t in prep_objects(h, [prep]) for a in self.actors(t)]
            owners = own_mods or clause_subj
            if at and owners:
                return [RuleMatch(shown, noun, owners, at, False, modality)]
        between = [a for t in prep_objects(noun, ["between", "among"]) for a in self.actors(t)]
        if frame.sym and len({c for a in between for c in a.codes}) >= 2:
            # "fighting between Azerbaijanis and Armenians": exactly those two
            return [RuleMatch(code, noun, between, [], True, modality, True, mediators)]
        if frame.sym:
            direct = light or adjunct
            if own_mods or preps:
                parts = own_mods + preps + (clause_subj if direct else [])
                if (own_mods or (direct and clause_subj)) and preps and not multilateral:
                    owners = own_mods + (clause_subj if direct else [])
                    return [RuleMatch(code, noun, owners, preps, True, modality, False, mediators)]
                return [RuleMatch(code, noun, parts, [], True, modality, True, mediators)]
            if clause_subj and clause_obj:
                return [RuleMatch(code, noun, clause_subj, clause_obj, False, modality)]
            if clause_subj and (light or adjunct):
                return [RuleMatch(code, noun, clause_subj, [], True, modality, True, mediators)]
            if pos.dep_ in ("nsubj", "nsubjpass", "ROOT"):
                return [RuleMatch(code, noun, [], [], True, modality, False, mediators)]
            return []
        sources = own_mods if frame.source_mods and own_mods else (clause_subj if light else [])
        targets = preps or (clause_obj if light else [])
        if not frame.source_mods and own_mods and not sources:
            sources = own_mods
        if not own_mods and frame.source_mods and "by" not in frame.preps:
            # "the attack by Iran on Israel": the noun's by-phrase is its agent
            agents = [a for t in prep_objects(noun, ["by"]) for a in self.actors(t)]
            mine = {c for a in targets for c in a.codes}
            sources = [a for a in agents if not set(a.codes) & mine] or sources
        if sources and not targets and _answered(pos) and clause is not None:
            # "Israel struck Iran in retaliation for an Iranian missile attack": the one
            # retaliating was the one attacked
            targets = self.subject(clause)
        return [RuleMatch(code, noun, sources, targets, False, modality, False, mediators)]

    def _stay(
        self, noun: Token, clause: Token, own_mods: list[ArgActor], modality: Modality
    ) -> list[RuleMatch]:
        """ "Sassou Nguesso, who is in Beijing for a state visit": the one who "is in" a
        capital or country on a visit visits it (a venue anywhere else adds nobody)."""
        head = noun
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head  # "for the summit and a state visit"
        if clause.lemma_ != "be" or head.dep_ != "pobj" or head.head.head.i != clause.i:
            return []
        hosts = [a for o in prep_objects(clause, ["in"]) for a in self.actors(o)]
        hosts = [a for a in hosts if a.mention.kind in ("country", "capital")]
        mine = {c for a in hosts for c in a.codes}
        visitors = [a for a in own_mods or self.subject(clause) if not set(a.codes) & mine]
        if not hosts or not visitors:
            return []
        return [RuleMatch(VISIT_CODE, noun, visitors, hosts, False, modality)]

    def _expelled_envoy(
        self, noun: Token, clause: Token | None, own_mods: list[ArgActor], modality: Modality
    ) -> list[RuleMatch]:
        """ "Canada responded to the expulsion of its charge d'affaires": the envoy's state is
        the target; the expeller, when no modifier names it, is the other side the story
        was just about."""
        envoys = [o for o in prep_objects(noun, ["of"]) if o.lemma_.lower() in ENVOY_NOUNS]
        owners = [
            a
            for e in envoys
            for t in envoy_owner_tokens(e)
            for a in self.actors(t, pronoun_clause=clause)
        ]
        if not owners:
            return []
        mine = {c for a in owners for c in a.codes}
        sources = [a for a in own_mods if not set(a.codes) & mine] or self._earlier_other(owners)
        return [RuleMatch(EXPULSION_CODE, noun, sources, owners, False, modality)]

    def _modifier_actors(self, noun: Token, clause: Token | None = None) -> list[ArgActor]:
        found: list[ArgActor] = []
        for c in kids(noun):
            if c.dep_ == "poss" and c.lower_ in ("its", "their"):
                # "New Delhi has increased its purchases": the clause's subject
                found.extend(
                    self.subject(clause, allow_pronoun=False) if clause is not None else []
                )
                found.extend([] if clause is not None else self.prior_subject)
                continue
            # a participle ("Turkey-hosted talks") is not a party to the event
            if c.dep_ in ("compound", "amod", "poss", "nmod") and c.pos_ != "VERB":
                found.extend(phrase_actors(c, self.tm, follow_conj=True))
        return found

    # -- driver ----------------------------------------------------------------------
    def matches(self) -> list[RuleMatch]:
        out: list[RuleMatch] = []
        for tok in self.tokens:
            if tok.lower_ == "persona":  # tagged as a noun or, as a small clause, a verb
                out.extend(self._unwelcome(tok))
            if tok.pos_ == "VERB" and faced_threat(tok):
                out.extend(self._threat_faced(tok))
            if tok.pos_ == "VERB":
                out.extend(self._verdict(tok))
                out.extend(self._walkout(tok))
                out.extend(self._allegation(tok))
            if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod"):
                stance = self.lex.adjectives.get(tok.lemma_.lower())
                if stance is not None and _predicative(tok):
                    out.extend(self.verb_match(tok, stance))
            elif tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.tag_.startswith("VB")):
                frame = self._verb_frame(tok)
                # "the Israeli-occupied West Bank": a participle describing a noun
                if frame is None or tok.dep_ == "amod":
                    continue
                # a light verb is an event of its own only with an object it names
                # ("established diplomatic ties with"); otherwise its noun carries the event
                if not frame.light or self._light_theme(tok, frame):
                    out.extend(self.verb_match(tok, frame))
        for tok in self.tokens:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.consumed:
                frame = self._noun_frame(tok)
                if frame is not None:
                    out.extend(self.noun_match(tok, frame))
        out.extend(self._obligations())
        out = [self._place_target(m) for m in out]
        self._taken = self._taken_tokens(out)
        completed = [self._complete(m) for m in self._share_conjoined_targets(out)]
        if not any(m.sources and (m.targets or m.symmetric) for m in completed):
            # a trigger whose actor the parse found is no trigger for a guess: "the EU said
            # it would host a conference for Turkey and Syria" is not Turkey hosting Syria
            acted = {
                m.trigger.i: {c for a in m.sources for c in a.codes} for m in completed if m.sources
            }
            completed.extend(self._fallback(acted))
        return [_without_civilians(m, self.sent) for m in completed]

    def _place_target(self, m: RuleMatch) -> RuleMatch:
        """ "Russian missiles struck Kharkiv", "strikes on Rafah": with no state named as
        target, the place an attack hit stands for the state it lies in."""
        if m.targets or m.symmetric or m.code[:2] not in FORCE_ROOTS:
            return m
        m.targets = self._places_hit(m.trigger)
        return m

    def _places_hit(self, tok: Token) -> list[ArgActor]:
        heads = [tok]
        if tok.pos_ == "NOUN":
            if tok.dep_ == "dobj":
                heads.append(tok.head)  # "launched drones at Odesa"
        else:
            heads += children(tok, "dobj")
        spots = [o for h in heads for o in prep_objects(h, PLACE_PREPS)]
        if tok.pos_ != "NOUN":
            spots += children(tok, "dobj")
        spots += [o for t in spots for o in prep_objects(t, ("in", "near"))]  # "targets in Gaza"
        found = [a for o in spots for a in phrase_actors(o, self.places)] if self.places else []
        if not found and self.last_place is not None and any(_the_city(o) for o in spots):
            found = [self.last_place]  # "Russian missiles struck the city" after "… Kyiv"
        return found

    def salient_actors(self) -> list[ArgActor]:
        """Who this sentence is about, for the next one: the main clause's subject."""
        root = next((t for t in self.tokens if t.dep_ == "ROOT"), None)
        if root is None:
            return []
        return self.subject(root, allow_pronoun=False) or [
            a for obj in children(root, "dobj") for a in phrase_actors(obj, self.tm)
        ]

    def _obligations(self) -> list[RuleMatch]:
        """ "Britain said Libya must hand over the suspects": a demand (100) on Libya."""
        out = []
        for tok in self.tokens:
            if tok.lemma_ not in DECLARING:
                continue
            for comp in children(tok, "ccomp"):
                if not any(c.lower_ in OBLIGATION_AUX for c in children(comp, "aux")):
                    continue
                targets = [a for s in children(comp, "nsubj") for a in phrase_actors(s, self.tm)]
                sources = self.subject(tok, allow_pronoun=False)
                mine = {c for a in sources for c in a.codes}
                if any(mine & set(a.codes) for a in targets):
                    continue  # "the two countries should cooperate," Yoon said: no demand
                if targets and sources:
                    out.append(
                        RuleMatch("100", tok, sources, targets, False, assess(tok, tok, self.lex))
                    )
        return out

    def _share_conjoined_targets(self, matches: list[RuleMatch]) -> list[RuleMatch]:
        """ "Britain summoned Iran's envoy and warned of consequences": coordinated predicates
        with one subject address the same party unless the second names its own."""
        by_trigger = {m.trigger.i: m for m in matches}
        for m in matches:
            head = by_trigger.get(m.trigger.head.i)
            if m.targets or head is None or not head.targets:
                continue
            if m.trigger.dep_ != "conj" and not _purpose_of_contact(m.trigger, head.code):
                continue
            if not m.sources or {a.token_i for a in m.sources} == {a.token_i for a in head.sources}:
                m.targets = list(head.targets)
                m.sources = m.sources or list(head.sources)
        return matches

    def _taken_tokens(self, matches: list[RuleMatch]) -> set[int]:
        """Actor tokens other matches already use, and topics of discussion: not free to fill."""
        taken: set[int] = set()
        for m in matches:
            for a in (*m.sources, *m.targets, *m.mediators):
                taken.add(a.token_i)
            frame = self.lex.verb(m.trigger.lemma_.lower()) if m.trigger.pos_ != "NOUN" else None
            if frame is not None and frame.obj == "topic":
                for obj in children(m.trigger, "dobj"):
                    taken |= {t.i for t in obj.subtree}
        return taken

    def _fallback(self, acted: dict[int, set[str]]) -> list[RuleMatch]:
        """A sentence naming exactly two parties and a trigger word the rules could not attach:
        code the trigger between them, first-named as source, at reduced confidence.

        The venue of talks or sanctions ("talks in the North Macedonian town of Ohrid",
        "sanctions … at a summit in Abuja") is no party; the place of fighting or of a lifted
        curfew is."""
        quoted = self._attribution_tokens()
        everyone = [a for a in self.tm.actors() if a.token_i not in quoted]
        parties = [
            a
            for a in everyone
            if not (self._here(a) and _venue(a, self.sent))
            and not (self._here(a) and reason_role(self.sent.doc[a.token_i]) == TOPIC)
        ]

        def two(actors: list[ArgActor]) -> bool:
            codes = {c for a in actors for c in a.codes}
            return len(codes) == 2 and all(len(a.codes) == 1 for a in actors)

        if not two(everyone) and not two(parties):
            return []
        for tok in self.tokens:
            frame = None
            if tok.pos_ in ("VERB", "AUX"):
                frame = self._verb_frame(tok)
            elif tok.pos_ == "NOUN":
                frame = self._noun_frame(tok)
            if frame is None or frame.light or frame.blocks or _definite_noun(tok):
                continue
            if any(_judged_act(o) for o in children(tok, "dobj")) or _characterisation(tok):
                continue  # "called it an attack on X": no call, no attack, X is no party
            if frame.notpreps and any(p.lower_ in frame.notpreps for p in children(tok, "prep")):
                continue  # "called on Russia to withdraw": an appeal, not a call between them
            actors = everyone if frame.code[:2] in PLACE_ROOTS else parties
            if not two(actors):
                continue
            if tok.i in acted and not set(actors[0].codes) <= acted[tok.i]:
                continue  # the parse found another actor for this trigger
            if frame.source_sectors or frame.needs_source:
                continue  # conditions on an argument the parse did not give
            if frame.needs_prep_obj and not self._has_prep_obj(tok, frame.needs_prep_obj):
                continue  # "Hua added that …" is no sanction ("added to the blacklist" is)
            if tok.pos_ == "NOUN":
                clause = self.governing_clause(tok)
                above = self._verb_frame(clause) if clause is not None else None
                if above is not None and above.blocks:
                    continue  # "pulled out of talks with Armenia": no talks
            if children(tok, "nsubjpass") and not children(tok, "agent"):
                continue  # "was arrested in Lebanon": who acted is not said
            if tok.dep_ == "amod" and tok.pos_ == "VERB":
                continue  # "the occupied Golan Heights": a participle describing a place
            agents = [o for a in children(tok, "agent") for o in children(a, "pobj")]
            if agents and not any(phrase_actors(o, self.tm) for o in agents):
                continue  # "hardest hit by the wave of refugees": the agent is no state
            objs = children(tok, "dobj")
            obj_lemmas = self._object_lemmas(objs[0]) if objs else set()
            if frame.needs and not obj_lemmas & frame.needs:
                continue  # "reaching the quarter-finals" is no agreement
            if frame.needs_prep_obj and not self._has_prep_obj(tok, frame.needs_prep_obj):
                continue  # "Japan added that …" is no blacklisting
            if not frame.noun and frame.obj != "target" and not frame.sym and not frame.needs:
                continue  # "released a statement", "forces withdrew": no partner named
            if (
                frame.obj == "topic"
                and objs
                and {t.i for t in objs[0].subtree} & {a.token_i for a in actors}
            ):
                continue  # "discuss Ukraine and China": the countries are the topic
            first = actors[0]
            second = next(a for a in actors if a.codes != first.codes)
            if children(tok, "nsubjpass"):
                first, second = second, first  # "X was called in by Y": Y acted
            modality = assess(tok, tok, self.lex)
            match = RuleMatch(frame.code, tok, [first], [second], frame.sym, modality)
            match.completed = True
            return [match]
        return []

    def _reason_only(self, actor: ArgActor, code: str) -> bool:
        """An actor named only in the reason or topic of the act ("over the war in Ukraine");
        the doer of the act given as reason ("over Russia's strikes") may be whom a reaction
        answers. Force is exempt: "over" is then a place ("drones over Poland")."""
        if code[:2] in FORCE_ROOTS or code[:2] == "15" or not self._here(actor):
            return False
        role = reason_role(self.sent.doc[actor.token_i])
        return role == TOPIC or (role == AGENT and code[:2] in COOPERATIVE_ROOTS)

    def _reason_agent(self, actor: ArgActor) -> bool:
        return self._here(actor) and reason_role(self.sent.doc[actor.token_i]) == AGENT

    def _attribution_tokens(self) -> set[int]:
        """Tokens of a source attribution ("…, a UN official said"): not a party to the event."""
        if self._attribution is None:
            self._attribution = self._find_attribution()
        return self._attribution

    def _find_attribution(self) -> set[int]:
        out: set[int] = set()
        for tok in self.tokens:
            if tok.lemma_ in REPORTING and tok.dep_ in ("ROOT", "parataxis", "ccomp"):
                has_comp = any(c.dep_ in ("ccomp", "parataxis") for c in kids(tok))
                if has_comp or tok.dep_ == "parataxis":
                    for subj in children(tok, "nsubj"):
                        out |= {t.i for t in subj.subtree}
            if tok.lower_ == "according":
                out |= {t.i for t in tok.subtree}
        return out

    def _here(self, actor: ArgActor) -> bool:
        """Whether an argument was found in this sentence (a pronoun's antecedent may come
        from an earlier one, its token index then belongs to another parse)."""
        doc = self.sent.doc
        return 0 <= actor.token_i < len(doc) and self.tm.get(doc[actor.token_i]) is actor.mention

    def _complete(self, match: RuleMatch) -> RuleMatch:
        """Fill a side the parse left empty when the sentence names exactly one other actor.

        "Talks between officials of both sides were held in Doha" or a misattached object:
        the sentence still names the pair. Completed matches are flagged (lower confidence).
        """
        codes = lambda actors: {c for a in actors for c in a.codes}  # noqa: E731
        have = codes(match.sources) | codes(match.targets)
        if match.symmetric and not match.targets and len(codes(match.sources)) >= 2:
            return match
        if (match.sources and match.targets) or not match.completable:
            return match
        if not have and _definite_noun(match.trigger):
            return match  # "following the meeting": an earlier event, not a new one here
        if match.trigger.pos_ == "NOUN" and match.code != "045":
            clause = self.governing_clause(match.trigger)
            if (
                clause is not None
                and clause.lemma_ in MEDIATOR_LEMMAS
                and _mediated(match.trigger, clause)
            ):
                return match  # "mediate an agreement between Hamas and Israel": no guessing
        quoted = self._attribution_tokens()
        filled = (*match.sources, *match.targets, *match.mediators)
        own = {a.token_i for a in filled}
        # actors describing a filled side ("Anwar, who chairs ASEAN") and venues ("signed
        # in Pretoria") are no party to the event
        described = {
            t.i
            for a in filled
            if self._here(a)
            for clause in _relative_clauses(self.sent.doc[a.token_i])
            for t in clause.subtree
        }
        candidates = [
            a
            for a in self.tm.actors()
            if not set(a.codes) & have
            and a.token_i not in described
            and not _venue(a, self.sent)
            and not any(_means(t) for t in self.sent.doc[a.token_i].ancestors)
            and not _requester(self.sent.doc[a.token_i])
            and not self._reason_only(a, match.code)
        ]
        judged = [o for o in children(match.trigger, "dobj") if self._judges_attack(match.code, o)]
        if judged and match.sources and not match.targets:
            # "condemned the attack on Ukraine's power grid": the attacker is not named
            victims = {t.i for o in judged for t in o.subtree}
            candidates = [a for a in candidates if a.token_i not in victims]
        if any(_judged_act(o) for o in children(match.trigger, "dobj")):
            # "called it an attack on ECOWAS": what it was called names no party
            verdict = {
                t.i
                for c in kids(match.trigger)
                if c.dep_ in ("oprd", "ccomp", "prep")
                for t in c.subtree
            }
            candidates = [a for a in candidates if a.token_i not in verdict]
        # "imposed sanctions over Russia's involvement": the doer of the act given as the
        # reason is whom the sanctions answer, though it sits in the measure's own phrase
        answered = {a.token_i for a in candidates if self._reason_agent(a)}
        taken = self._taken - own - answered
        others = [a for a in candidates if a.token_i not in quoted | taken | described]
        other_codes = codes(others)
        parties = [a for a in candidates if a.token_i not in quoted]
        if (
            match.code == "045"
            and match.sources
            and len({c for a in parties for c in a.codes}) >= 2
        ):
            match.targets = parties  # "mediated the truce": between the others the sentence names
        elif match.sources and len(other_codes) == 1:
            match.targets = others[:1]
        elif match.targets and len(other_codes) == 1:
            # the actor of a verb never sits inside its own object ("condemned Iran's
            # attack on Israel" does not make Israel the one condemning)
            inside = {t.i for o in children(match.trigger, "dobj") for t in o.subtree}
            if any(a.token_i in inside for a in others):
                return match
            match.sources = others[:1]
        elif not have and len(other_codes) == 2 and all(len(a.codes) == 1 for a in others):
            first = others[0]
            second = next(a for a in others if set(a.codes) != set(first.codes))
            match.sources, match.targets = [first], [second]
        else:
            return match
        match.completed = True
        return match


NON_EVENT_HEADS = frozenset(
    """force forces troop troops helicopter helicopters aircraft jet jets drone drones vessel
    vessels ship ships plan plans zone crime crimes criminal criminals veteran veterans
    memorial museum footage capability capabilities fleet unit units submarine
    submarines""".split()  # noqa: SIM905 (a word list)
)
MEASURE_NOUNS = frozenset({"day", "hour", "week", "month", "year", "round", "series", "days"})


CHANGE_NOUNS = frozenset({"increase", "rise", "hike", "cut", "reduction", "expansion"})


def _purpose_of_contact(verb: Token, head_code: str) -> bool:
    """ "Obama phoned Aquino to express condolences", "met Lula to thank him": the purpose
    of a call, visit or meeting is addressed to the one contacted."""
    return (
        head_code[:2] == "04"
        and verb.dep_ in ("advcl", "xcomp")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(verb))
    )


def _predicative(adj: Token) -> bool:
    """ "X was critical of", or "X was among the countries critical of": an adjective said
    of a clause's subject, not one describing a noun ("the critical talks")."""
    if adj.dep_ == "acomp":
        return True
    noun = adj.head
    among = noun.head
    return (
        adj.dep_ == "amod"
        and adj.i > noun.i
        and noun.dep_ == "pobj"
        and among.lower_ == "among"
        and among.head.pos_ in ("VERB", "AUX")
    )


def _unique_actors(actors: list[ArgActor]) -> list[ArgActor]:
    """One argument per mention (a multi-word name covers several tokens)."""
    seen: set[int] = set()
    return [a for a in actors if not (id(a.mention) in seen or seen.add(id(a.mention)))]


# "$25 million in humanitarian aid", "3 billion yen in assistance": a sum measuring its use
MONEY_WORDS = frozenset(
    {"million", "billion", "trillion", "$", "dollars", "euros", "pounds", "yen", "yuan", "rupees"}
)


def _measure_preps(obj: Token) -> list[str]:
    """ "a package of sanctions"; "an increase in tariffs on X": what the object measures."""
    measured = obj.lemma_.lower() in CHANGE_NOUNS or obj.lower_ in MONEY_WORDS
    return ["of", "in"] if measured else ["of"]


def _measure_head(noun: Token) -> Token | None:
    """ "four days of talks": the measure noun ("days") that the event noun hangs from."""
    of = noun.head
    if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in MEASURE_NOUNS:
        return of.head
    return None


def _compound_head(noun: Token) -> Token | None:
    """ "a mediation effort", "an aid package": the plain noun the event noun modifies."""
    head = noun.head
    if noun.dep_ == "compound" and head.i != noun.i and head.pos_ == "NOUN":
        return head
    return None


def _civilian(actor: ArgActor, sent: Span) -> bool:
    """ "Liberian refugees", "a US national", "thousands of Cubans": people, not their
    state (a bare demonym such as "the Russians" often means the side, and stays)."""
    mention = actor.mention
    if mention.sector == "CVL" and mention.kind in ("adjective", "country"):
        return True
    if mention.kind != "demonym" or not 0 <= actor.token_i < len(sent.doc):
        return False
    tok = sent.doc[actor.token_i]
    counted = any(c.dep_ == "nummod" for c in kids(tok))
    of = tok.head
    crowd = tok.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ in CROWD_WORDS
    return counted or crowd


def _armed_group(actor: ArgActor) -> bool:
    """ "Albanian rebels", "Afghan militants": an armed group named by nationality is no
    state (annotation rules: rebels and militant groups are not actors)."""
    return actor.mention.sector == "REB" and actor.mention.kind in ("adjective", "demonym")


def _without_civilians(match: RuleMatch, sent: Span) -> RuleMatch:
    """Civilians never act for a state; they can receive aid, be released or returned, or
    suffer force and coercion ("returned four Ukrainian children", "tortured Liberian
    refugees") — a state's talks, praise or sanctions are with states."""
    match.sources = [a for a in match.sources if not _civilian(a, sent) and not _armed_group(a)]
    match.targets = [a for a in match.targets if not _armed_group(a)]
    if match.code[:2] not in CIVILIAN_TARGET_ROOTS:
        match.targets = [a for a in match.targets if not _civilian(a, sent)]
    return match


MEANS_NOUNS = frozenset({"help", "support", "backing", "assistance", "aid", "air"})


def _means(pobj: Token) -> bool:
    """ "fighting the rebels with help from Russian mercenaries": a means, not a partner."""
    return pobj.head.lower_ == "with" and pobj.lemma_.lower() in MEANS_NOUNS


REQUEST_NOUNS = frozenset({"request", "behest", "invitation", "initiative", "urging"})


def _requester(tok: Token) -> bool:
    """ "the Council will meet at the request of the United States": who asked for a
    meeting is not one of its parties."""
    for anc in tok.ancestors:
        if anc.dep_ == "pobj" and anc.lemma_.lower() in REQUEST_NOUNS:
            return True
        if anc.pos_ in ("VERB", "AUX"):
            return False
    return False


JUDGING_VERBS = frozenset(
    {"call", "describe", "label", "brand", "term", "characterise", "characterize", "regard"}
)


def _judged_act(obj: Token) -> bool:
    """ "called it a war crime", "described this as barbaric": the pronoun is the act
    being judged, not a state — the judged party comes from the act (or a conjoined verb)."""
    verb = obj.head
    if obj.lower_ not in ("it", "this", "that") or verb.lemma_.lower() not in JUDGING_VERBS:
        return False
    return any(c.dep_ in ("oprd", "ccomp") or c.lower_ == "as" for c in kids(verb))


def _characterisation(noun: Token) -> bool:
    """An event noun that only names what something was called: "called it an attack",
    "described the strike as aggression"."""
    tok = noun
    for _ in range(3):  # up through "an attack on ECOWAS and on democracy"
        if tok.dep_ == "oprd" and tok.head.lemma_.lower() in JUDGING_VERBS:
            return True
        as_ = tok.head
        if tok.dep_ == "pobj" and as_.lower_ == "as" and as_.head.lemma_.lower() in JUDGING_VERBS:
            return True
        if tok.dep_ not in ("conj", "appos") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


DOCUMENT_NOUNS = frozenset({"declaration", "communique", "communiqué", "statement", "resolution"})


def _meeting_document(tok: Token) -> bool:
    """ "The final declaration", "the joint communique": the text a meeting adopted speaks
    for those who met (the previous sentence's subject)."""
    return tok.lemma_.lower() in DOCUMENT_NOUNS and any(
        c.dep_ == "det" and c.lower_ in ("the", "their", "its") for c in kids(tok)
    )


# plural nouns that can be "they": people, bodies and states ("the leaders of A and B")
PEOPLE_NOUNS = frozenset(
    """leader president minister official delegation side party government country state
    nation member head representative envoy diplomat chief counterpart troop force army navy
    ally partner neighbour neighbor power capital""".split()  # noqa: SIM905 (a word list)
)


def _things_of(tok: Token, found: list[ArgActor], tm: TokenMentions) -> bool:
    """ "aspects of the Syrian settlement": a plural thing whose only actors sit in its "of"
    complement is no antecedent for "they/them" (the leaders discussing it are)."""
    if tm.get(tok) is not None or tok.lemma_.lower() in PEOPLE_NOUNS:
        return False
    inside = {t.i for p in kids(tok) if p.dep_ == "prep" and p.lower_ == "of" for t in p.subtree}
    return all(a.token_i in inside for a in found)


def _quoted_verdict(obj: Token) -> list[Token]:
    """The head of a quoted noun phrase inside the object of "called" (opening mark, a
    determiner or adjective, a noun), or nothing."""
    for t in obj.subtree:
        if t.tag_ == "``" and t.i + 1 < len(t.doc) and t.i > obj.i:
            head = t.doc[t.i + 1]
            while head.dep_ in ("det", "amod", "compound") and head.head.i > head.i:
                head = head.head
            if head.pos_ == "NOUN" and head.dep_ in ("appos", "dobj", "attr", "oprd"):
                return [head]
    return []


def _mediated(noun: Token, verb: Token) -> bool:
    """ "mediated an agreement", "mediate … on a truce": the noun is what is mediated (the
    verb's object or its "on"/"over" topic), not an adjunct ("after months of contacts")."""
    if noun.head.i == verb.i:
        return noun.dep_ == "dobj"
    prep = noun.head
    return noun.dep_ == "pobj" and prep.head.i == verb.i and prep.lower_ in ("on", "over", "for")


def _answered(noun: Token) -> bool:
    """ "in retaliation for …", "in response to …": an act the clause answers."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ in ("for", "to")
        and prep.head.lemma_.lower() in ("retaliation", "response", "revenge", "reprisal")
    )


def _aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in kids(verb) if c.dep_ in ("aux", "neg")}


def _scheduled(verb: Token, sent: Span) -> bool:
    """ "Rubio travels to Ecuador on Thursday": in a story's body, a visit or meeting told
    in the simple present is on the schedule (headlines, without a full stop, are not)."""
    return (
        verb.tag_ in ("VBZ", "VBP")
        and verb.dep_ in ("ROOT", "conj")
        and not any(c.dep_ in ("aux", "auxpass") for c in kids(verb))
        and sent.text.rstrip().endswith((".", '."', ".\u201d"))
    )


def _relative_clauses(tok: Token) -> list[Token]:
    """Relative clauses on a mention or on the noun it modifies ("Anwar, who chairs …")."""
    heads = [tok, tok.head] if tok.dep_ in ("compound", "amod", "poss") else [tok]
    return [c for h in heads for c in kids(h) if c.dep_ in ("relcl", "acl")]


VENUE_CLIMB = frozenset({"compound", "amod", "poss", "appos", "nmod", "det"})


def _venue(actor: ArgActor, sent: Span) -> bool:
    """An actor named as the place of the event: "in Pretoria", "at the White House"."""
    tok = sent.doc[actor.token_i]
    for _ in range(4):
        if tok.dep_ == "pobj":
            # "met during the UN General Assembly": an organisation's session, like the
            # place, is no party ("during the Russian invasion" names one)
            occasion = tok.head.lower_ == "during" and actor.mention.kind == "igo"
            return tok.head.lower_ in ("in", "at") or occasion
        # (from a mention's first token: "the" of "the UN General Assembly")
        if tok.dep_ not in VENUE_CLIMB or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


PLACE_NOUNS = frozenset({"city", "capital", "town", "port", "village", "region"})


def _the_city(tok: Token) -> bool:
    """ "the city", "the port": a place named earlier in the story."""
    return tok.lemma_.lower() in PLACE_NOUNS and any(
        c.dep_ == "det" and c.lower_ == "the" for c in kids(tok)
    )


def _definite_noun(tok: Token) -> bool:
    """ "the meeting", "this deal": a noun that refers back to an event already told."""
    return tok.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these") for c in kids(tok)
    )


def _among_those(tok: Token) -> bool:
    """ "those" in "were among those who …", whose referents are the copula's subject."""
    return (
        tok.lower_ in ("those", "ones")
        and tok.dep_ == "pobj"
        and tok.head.lower_ == "among"
        and tok.head.head.pos_ in ("AUX", "VERB")
    )
