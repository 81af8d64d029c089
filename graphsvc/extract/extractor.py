"""The Extractor facade: article text → CAMEO-coded events with provenance."""

from __future__ import annotations

import multiprocessing
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from spacy.tokens import Span

from graphsvc.extract.allegations import ALLEGATION_CUES
from graphsvc.extract.arguments import ANY_PRONOUN, ArgActor, TokenMentions, doc_tokens
from graphsvc.extract.assemble import EventBuilder, SentenceContext, deduplicate
from graphsvc.extract.bodies import with_bodies
from graphsvc.extract.calibration import Calibration, load_calibration
from graphsvc.extract.datelines import dateline_spans
from graphsvc.extract.dates import find_dates
from graphsvc.extract.descriptors import descriptive_tokens
from graphsvc.extract.envoys import FIXED_PHRASE_CUES
from graphsvc.extract.halves import with_halves
from graphsvc.extract.hulls import with_hulls
from graphsvc.extract.implicit import ANSWER_WORDS, NEGATIVE_VERDICTS, THREAT_NOUNS
from graphsvc.extract.mentions import ActorResolver, Mention
from graphsvc.extract.nlp import (
    irregular_forms,
    limit_blas_threads,
    load_parser,
    sentence_splitter,
)
from graphsvc.extract.ontology import load_ontology
from graphsvc.extract.rules import ANAPHORIC_NOUNS, PLACE_NOUNS, SentenceCoder
from graphsvc.extract.the_country import with_the_country
from graphsvc.extract.triggers import load_lexicon
from graphsvc.models import Actor, ArticleInput, Event
from graphsvc.settings import Settings

VERSION = "graphsvc-coder/0.1"
OBLIGATION_WORDS = frozenset({"must", "should"})
PLACE_KINDS = frozenset({"capital", "place"})
LINE = re.compile(r"[^\n]+")


class Extractor:
    """Finds actors with the gazetteer, parses only sentences that can hold an event,
    and codes them with the trigger lexicon's frames."""

    version = VERSION

    def __init__(
        self, settings: Settings | None = None, *, calibration: Calibration | None = None
    ) -> None:
        """``calibration``: raw score -> confidence (default: the fitted map shipped in
        extract/data; ``calibration.IDENTITY`` keeps raw scores, for fitting a new map)."""
        self.settings = settings or Settings()
        self.calibration = calibration or load_calibration()
        self.resolver = ActorResolver(self.settings)
        self.lexicon = load_lexicon()
        self.builder = EventBuilder(load_ontology(), self.lexicon)
        self.parser = load_parser(self.settings.spacy_model, self.settings.matmul)
        self.splitter = sentence_splitter(self.parser)
        limit_blas_threads(self.settings.blas_threads)
        self.cue_words = (
            self.lexicon.cue_words
            | irregular_forms(self.parser, self.lexicon)
            | FIXED_PHRASE_CUES
            | THREAT_NOUNS  # "X will face consequences"
            | NEGATIVE_VERDICTS  # "deemed the vote illegitimate"
            | ALLEGATION_CUES  # "said Iran is evading inspections"
        )
        # words that make a one-actor sentence refer back to an earlier actor
        self.pointing_words = (
            ANY_PRONOUN | ANAPHORIC_NOUNS | PLACE_NOUNS | self.lexicon.reaction_words | ANSWER_WORDS
        )

    def actors(self) -> list[Actor]:
        return self.resolver.actors()

    # -- one document ------------------------------------------------------------------
    def _candidates(self, text: str, mentions: list[Mention]) -> list[tuple[int, str]]:
        """(offset, sentence) pairs worth parsing: two actors, or an actor + a cue word.

        Sentences never span a line break: titles, captions and paragraphs end there.
        """
        out = []
        starts = [m.start for m in mentions]
        for line in LINE.finditer(text):
            for sent in self.splitter(line.group()).sents:
                start = line.start() + sent.start_char
                end = line.start() + sent.end_char
                inside = _between(mentions, starts, start, end)
                codes = {c for m in inside for c in (m.codes or (m.code,))}
                if not codes:
                    continue
                words = {t.lower_ for t in sent}
                if not words & self.cue_words and not words & OBLIGATION_WORDS:
                    continue  # no word that can state an event
                # one actor needs someone to point back to: "NATO condemned the move",
                # "it shelled Kyiv"
                # … and an organisation's meeting: its leaders are "they" of the next one
                igo = any(m.kind == "igo" for m in inside)
                if len(codes) >= 2 or words & self.pointing_words or igo:
                    out.append((start, sent.text))
        return out

    def extract(
        self, text: str, *, published: date | None = None, doc_id: str | None = None
    ) -> list[Event]:
        item = ArticleInput(text=text, id=doc_id, published=published)
        return next(self._extract_batched([item]))[1]

    def _code(self, text, published, doc_id, mentions, candidates, docs, filed=()) -> list[Event]:
        events: list[Event] = []
        prior_subject: list[ArgActor] = []
        prior_actors: list[ArgActor] = []
        # what "the city" can mean: places named so far, a dateline's city too
        sites = sorted(
            (m for m in (*mentions, *filed) if m.kind in PLACE_KINDS), key=lambda m: m.start
        )
        filed_ids = {id(m) for m in filed}
        starts, site_starts = [m.start for m in mentions], [m.start for m in sites]
        for index, ((offset, sentence), doc) in enumerate(zip(candidates, docs, strict=True)):
            end = offset + len(sentence)
            inside = _between(mentions, starts, offset, end)
            span: Span = doc[:]
            tokens = doc_tokens(doc)
            tm = TokenMentions(tokens, [m for m in inside if m.kind != "place"], offset)
            tm.drop(descriptive_tokens(doc, tm))  # "EU candidate Moldova", "former … X"
            places = TokenMentions(tokens, [m for m in inside if m.kind == "place"], offset)
            before = bisect_left(site_starts, offset)  # sites starting before the sentence
            while (
                before < len(sites) and id(sites[before]) in filed_ids and site_starts[before] < end
            ):
                before += 1  # "KYIV (AP) - Missiles struck the city": the dateline came first
            last_place = ArgActor(sites[before - 1], -1) if before else None
            coder = SentenceCoder(
                span, tm, self.lexicon, prior_subject, places, prior_actors, last_place
            )
            matches = coder.matches()
            if matches:  # dates are read only where an event may need one
                ctx = SentenceContext(
                    doc_id=doc_id,
                    index=index,
                    offset=offset,
                    text=sentence,
                    published=published,
                    # shifted to document offsets
                    dates=[
                        replace(d, start=d.start + offset, end=d.end + offset)
                        for d in find_dates(sentence, published)
                    ],
                    version=self.version,
                )
                events.extend(self.builder.events(span, matches, ctx))
            prior_subject = coder.salient_actors() or prior_subject
            prior_actors = tm.actors() or prior_actors
        calibrate = self.calibration
        return [replace(e, confidence=calibrate(e.confidence)) for e in deduplicate(events)]

    # -- many documents ----------------------------------------------------------------
    def extract_many(
        self, docs: Iterable[ArticleInput], *, processes: int = 1
    ) -> Iterator[tuple[ArticleInput, list[Event]]]:
        """Events per document, in input order; ``processes`` > 1 uses a worker pool."""
        if processes <= 1:
            yield from self._extract_batched(docs)
            return
        ctx = multiprocessing.get_context("spawn")
        init = (self.settings, self.calibration)
        with ctx.Pool(processes, initializer=_init_worker, initargs=init) as pool:
            chunks = _chunks(docs, BATCH_DOCS)
            for results in pool.imap(_work, chunks):
                yield from results

    def _extract_batched(
        self, docs: Iterable[ArticleInput]
    ) -> Iterator[tuple[ArticleInput, list[Event]]]:
        """Parse the candidate sentences of many documents in one ``nlp.pipe`` stream:
        the parser is far faster on big batches than on a few sentences at a time."""
        for chunk in _chunks(docs, BATCH_DOCS):
            prepared = []
            for item in chunk:
                mentions = self.resolver.find_mentions(item.text, item.published, places=True)
                mentions = with_hulls(item.text, mentions)  # "HMS Richmond": a British ship
                mentions = with_bodies(item.text, mentions)  # "the Security Council": the UN's
                mentions = with_halves(item.text, mentions)  # "the North" in a Korea story
                mentions = with_the_country(item.text, mentions)  # "the country's authorities"
                actors, filed = _split_datelines(mentions, dateline_spans(item.text))
                prepared.append((item, actors, filed, self._candidates(item.text, actors)))
            sentences = [s for _, _, _, cands in prepared for _, s in cands]
            parsed = iter(self.parser.pipe(sentences, batch_size=256))
            for item, actors, filed, cands in prepared:
                docs_for_item = [next(parsed) for _ in cands]
                events = self._code(
                    item.text, item.published, item.id, actors, cands, docs_for_item, filed
                )
                yield item, events


BATCH_DOCS = 64


def _between(mentions: list[Mention], starts: list[int], start: int, end: int) -> list[Mention]:
    """The mentions starting in [start, end): ``mentions`` come in text order (``starts``
    are theirs), so a long article costs a binary search per sentence, not a scan."""
    return mentions[bisect_left(starts, start) : bisect_left(starts, end)]


def _split_datelines(
    mentions: list[Mention], spans: list[tuple[int, int]]
) -> tuple[list[Mention], list[Mention]]:
    """(actors, dateline places): "ABUJA (Reuters) -" names where the story was filed, no
    party (``spans`` are few: one dateline per paragraph at most)."""
    if not spans:
        return mentions, []
    inside = [any(a <= m.start < b for a, b in spans) for m in mentions]
    return (
        [m for m, filed in zip(mentions, inside, strict=True) if not filed],
        [m for m, filed in zip(mentions, inside, strict=True) if filed],
    )


_worker: Extractor | None = None


def _chunks(items: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    chunk: list[ArticleInput] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _init_worker(settings: Settings, calibration: Calibration) -> None:
    global _worker
    _worker = Extractor(settings, calibration=calibration)


def _work(chunk: list[ArticleInput]) -> list[tuple[ArticleInput, list[Event]]]:
    assert _worker is not None
    return list(_worker._extract_batched(chunk))
