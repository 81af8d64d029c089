"""Rule matches → coded Events: pairs, ontology, dates, provenance, dedup."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

from spacy.tokens import Span, Token

from graphsvc.extract.arguments import ArgActor
from graphsvc.extract.dates import DateMention
from graphsvc.extract.ontology import Ontology
from graphsvc.extract.rules import RuleMatch
from graphsvc.extract.triggers import Lexicon
from graphsvc.models import Event


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """Where a parsed sentence sits in its document."""

    doc_id: str | None
    index: int
    offset: int  # character offset of the sentence in the document
    text: str
    published: date | None
    dates: list[DateMention]  # date mentions inside this sentence (document offsets)
    version: str


def _pairs(match: RuleMatch) -> list[tuple[ArgActor, str, ArgActor, str]]:
    """(source actor, source code, target actor, target code) for every pair the match states."""
    out = []
    if match.symmetric and not match.targets:
        flat = [(a, c) for a in match.sources for c in a.codes]
        for (a1, c1), (a2, c2) in combinations(flat, 2):
            out.append((a1, c1, a2, c2))
        return out
    for s in match.sources:
        for sc in s.codes:
            for t in match.targets:
                for tc in t.codes:
                    out.append((s, sc, t, tc))
    if match.symmetric and match.multilateral:
        flat = [(a, c) for a in match.targets for c in a.codes]
        out.extend((a1, c1, a2, c2) for (a1, c1), (a2, c2) in combinations(flat, 2))
    if match.symmetric and not match.separate:
        # "Russia, Iran and Turkey met with Syria": the coordinated subjects met each other too
        flat = [(a, c) for a in match.sources for c in a.codes]
        out.extend((a1, c1, a2, c2) for (a1, c1), (a2, c2) in combinations(flat, 2))
    return out


def _date_for(trigger: Token, ctx: SentenceContext, claimed: dict[int, int]) -> DateMention | None:
    """The date the parse attaches to this trigger, else the sentence's unclaimed date."""
    mine = [d for d, owner in claimed.items() if owner == trigger.i]
    if mine:
        return next(m for m in ctx.dates if m.start == mine[0])
    # "hosted X on Friday for talks", "arrived on Tuesday and handed over aid": an event
    # inside or beside a dated one shares its date
    owners = {owner: d for d, owner in claimed.items()}
    tok = trigger
    for _ in range(4):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.i in owners:
            return next(m for m in ctx.dates if m.start == owners[tok.i])
    free = [m for m in ctx.dates if m.start not in claimed]
    if not free:
        return None
    pos = ctx.offset + trigger.idx
    return min(free, key=lambda m: abs(m.start - pos))


def claim_dates(sent: Span, ctx: SentenceContext, trigger_ids: set[int]) -> dict[int, int]:
    """Date mention start → index of the trigger it is attached to in the parse."""
    claimed: dict[int, int] = {}
    for m in ctx.dates:
        local = m.start - ctx.offset
        tok = next((t for t in sent if t.idx <= local < t.idx + len(t.text)), None)
        steps = 0
        while tok is not None and steps < 8:
            if tok.dep_ == "poss":
                break  # "last year's cyclone": the date of a thing, not of an act
            if steps and tok.pos_ == "VERB" and tok.i not in trigger_ids:
                break  # "his first visit since taking office last month": another clause's date
            if tok.i in trigger_ids:
                claimed[m.start] = tok.i
                break
            if tok.head.i == tok.i:
                break
            tok = tok.head
            steps += 1
    return claimed


class EventBuilder:
    def __init__(self, ontology: Ontology, lexicon: Lexicon) -> None:
        self.ontology = ontology
        self.lexicon = lexicon

    def events(self, sent: Span, matches: list[RuleMatch], ctx: SentenceContext) -> list[Event]:
        claimed = claim_dates(sent, ctx, {m.trigger.i for m in matches})
        out: list[Event] = []
        for match in matches:
            mod = match.modality
            if mod.hypothetical or mod.blocked:
                continue
            code: str | None = match.code
            if mod.intent and not mod.negated:
                code = self.lexicon.intent_code(match.code)
            if code is None or code not in self.ontology:
                continue
            when = _date_for(match.trigger, ctx, claimed)
            group = f"{ctx.doc_id or 'doc'}:{ctx.index}:{match.trigger.i}"
            pairs = [(s, sc, t, tc, code) for s, sc, t, tc in _pairs(match)]
            if match.reverse and not match.symmetric:
                # "will host X": X's visit is planned too
                reverse = self.lexicon.intent_code(match.reverse) if code != match.code else None
                reverse = reverse or match.reverse
                pairs += [(t, tc, s, sc, reverse) for s, sc, t, tc, _ in list(pairs)]
            by_code: dict[str, ArgActor] = {}
            for s, sc, t, tc, _ in pairs:
                by_code.setdefault(sc, s)
                by_code.setdefault(tc, t)
            for m in match.mediators:
                for mc in m.codes:
                    for p in sorted(set(by_code) - {mc}):
                        pairs.append((m, mc, by_code[p], p, "045"))
            multi = len({frozenset((p[1], p[3])) for p in pairs}) > 1
            for s, sc, t, tc, ev_code in pairs:
                if sc == tc:
                    continue
                event = self._event(match, ev_code, s, sc, t, tc, when, ctx)
                event.symmetric = match.symmetric and ev_code == code
                event.negated = mod.negated
                event.group_id = group if multi else None
                out.append(event)
        return out

    def _event(
        self,
        match: RuleMatch,
        code: str,
        s: ArgActor,
        sc: str,
        t: ArgActor,
        tc: str,
        when: DateMention | None,
        ctx: SentenceContext,
    ) -> Event:
        entry = self.ontology.get(code)
        trig = match.trigger
        trig_start = ctx.offset + trig.idx
        confidence = 0.9 if trig.pos_ != "NOUN" else 0.8
        confidence *= min(s.mention.confidence, t.mention.confidence)
        if len(s.codes) > 1 or len(t.codes) > 1:
            confidence *= 0.9
        if match.completed:
            confidence *= 0.6
        return Event(
            source=sc,
            target=tc,
            code=entry.code,
            root=entry.root,
            quad_class=entry.quad_class,
            goldstein=entry.goldstein,
            label=entry.label,
            date=when.date if when else ctx.published,
            # no date in the sentence: the story's date, or none when the story has none
            date_precision=when.precision if when else ("published" if ctx.published else "none"),
            sentence=ctx.text,
            sentence_start=ctx.offset,
            trigger_text=trig.text,
            trigger_start=trig_start,
            trigger_end=trig_start + len(trig.text),
            source_text=s.mention.text,
            source_start=s.mention.start,
            source_end=s.mention.end,
            target_text=t.mention.text,
            target_start=t.mention.start,
            target_end=t.mention.end,
            source_sector=s.mention.sector,
            target_sector=t.mention.sector,
            confidence=round(confidence, 3),
            article_id=ctx.doc_id,
            extractor_version=ctx.version,
        )


UNDATED = frozenset({"published", "none"})


def _dedup_key(ev: Event) -> tuple:
    pair = tuple(sorted((ev.source, ev.target))) if ev.symmetric else (ev.source, ev.target)
    return (pair, ev.code, ev.negated, ev.symmetric)


def _fold_symmetric(events: list[Event]) -> list[Event]:
    """A symmetric statement ("clashes between A and B") of an interaction that is also
    stated with a direction ("A attacked B") on the same date is the same event."""
    directed = {
        (frozenset((e.source, e.target)), e.code, e.date, e.negated): e
        for e in events
        if not e.symmetric
    }
    out = []
    for ev in events:
        key = (frozenset((ev.source, ev.target)), ev.code, ev.date, ev.negated)
        if ev.symmetric and key in directed:
            directed[key].mentions += ev.mentions
            continue
        out.append(ev)
    return out


def deduplicate(events: list[Event]) -> list[Event]:
    """One event per interaction and article: same pair, code and (resolved) date.

    An undated repeat (precision "published") folds into a dated statement of the same
    interaction; two different resolved dates stay two events.
    """
    dated: dict[tuple, list[Event]] = {}
    undated: list[Event] = []
    for ev in events:
        if ev.date_precision in UNDATED:
            undated.append(ev)
            continue
        bucket = dated.setdefault(_dedup_key(ev), [])
        same = next((d for d in bucket if d.date == ev.date), None)
        if same is None:
            bucket.append(replace(ev))
        else:
            same.mentions += ev.mentions
    kept: dict[tuple, Event] = {}
    for ev in undated:
        key = _dedup_key(ev)
        if key in dated:
            dated[key][0].mentions += ev.mentions
        elif key in kept:
            kept[key].mentions += ev.mentions
        else:
            kept[key] = replace(ev)
    out = _fold_symmetric([ev for bucket in dated.values() for ev in bucket] + list(kept.values()))
    out.sort(key=lambda e: (e.sentence_start, e.trigger_start))
    return out
