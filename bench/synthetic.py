"""Synthetic wire stories with their CAMEO events, for benchmark stores.

Actors come from the project's gazetteer, codes from its ontology; everything else (which
actors, which codes, dates, sentences) is drawn from a seeded ``random.Random``, so the same
seed gives the same articles and events, byte for byte. Shape of the data, roughly like
machine-coded news:

- activity follows a power law over ~200 actors ranked by prominence (weight 1/rank), so
  a few states (USA, CHN, RUS …) take part in a large share of events and most in few;
- a partner is drawn with the same weights, five times likelier within the actor's region,
  and a story mostly stays with its first pair, which keeps distinct dyads in the thousands;
- root codes are weighted like event data (statements, consultations, appeals and intents
  common; force rare), sub-codes rarer than base codes;
- publication dates span ``years`` years ending at ``end``, volume growing ~4× over the
  span, fewer stories at weekends; an event is dated on or a few days before its story,
  a few % undated; ~1.5 % negated; meetings, negotiations, agreements and clashes are often
  stated symmetrically; ~4 % of stories hold a three-party meeting (one group id).

Every event carries its sentence and the trigger, source and target texts with character
offsets into its article's text, as the extractor produces them.
"""

from __future__ import annotations

import bisect
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from graphsvc.extract.gazetteer import load_gazetteer
from graphsvc.extract.ontology import load_ontology
from graphsvc.models import Actor, Article, Event, content_hash

EXTRACTOR_VERSION = "synthetic-1"
N_ACTORS = 200

# Most prominent first; the remaining gazetteer actors follow in a seeded order.
_HEAD = (
    "USA CHN RUS UKR ISR IRN GBR FRA DEU TUR UNO EUR IND JPN PSE SAU KOR PRK NAT SYR PAK IRQ "
    "EGY QAT AFG ARE ITA CAN POL TWN AUS BRA MEX LBN YEM VNM PHL IDN JOR AZE ARM BLR SDN NGA "
    "ZAF VEN GEO ESP HUN AFR IAE ASN LBY ETH KEN SRB GRC CUB IMF NLD SWE FIN NOR KAZ MMR BGD"
)
HEAD = _HEAD.split()

REGIONS: dict[str, str] = {}
for _region, _codes in {
    "americas": "USA CAN MEX ARG BOL BRA CHL COL CRI CUB DOM ECU SLV GTM HND HTI JAM NIC PAN "
    "PRY PER URY VEN BHS BRB BLZ DMA GRD GUY KNA LCA VCT SUR TTO ATG OAS MER CRB CEL",
    "europe": "ALB AND AUT BEL BIH BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ITA LVA "
    "LIE LTU LUX MLT MCO MNE NLD MKD NOR POL PRT ROU SMR SRB SVK SVN ESP SWE CHE GBR VAT XKX "
    "EUR NAT OSC COE",
    "eurasia": "RUS UKR BLR MDA GEO ARM AZE KAZ KGZ TJK TKM UZB CIS CST EEU SCO OTS",
    "mena": "DZA BHR EGY IRN IRQ ISR JOR KWT LBN LBY MAR OMN PSE QAT SAU SYR TUN TUR ARE YEM "
    "ARL GCC OIC OPC",
    "africa": "AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG CIV COD DJI GNQ ERI SWZ ETH GAB GMB "
    "GHA GIN GNB KEN LSO LBR MDG MWI MLI MRT MUS MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF "
    "SSD SDN TZA TGO UGA ZMB ZWE AFR ECW SAD IGD EAC",
    "south_asia": "AFG BGD BTN IND MDV NPL PAK LKA SAA",
    "east_asia": "AUS BRN KHM CHN FJI IDN JPN KIR LAO MYS MHL FSM MNG MMR NRU NZL PRK PLW PNG "
    "PHL WSM SGP SLB KOR THA TLS TON TUV VUT VNM TWN ASN APC PIF",
}.items():
    for _code in _codes.split():
        REGIONS[_code] = _region
SAME_REGION = 5.0

# Share of events per CAMEO root, roughly as in machine-coded news.
ROOT_WEIGHTS = {
    "01": 16, "02": 6, "03": 8, "04": 22, "05": 10, "06": 2, "07": 2.5, "08": 2, "09": 1,
    "10": 2, "11": 6, "12": 2.5, "13": 1.5, "14": 1.5, "15": 0.6, "16": 1.5, "17": 4,
    "18": 3, "19": 4, "20": 0.2,
}  # fmt: skip
# Codes reported far more often than their siblings.
CODE_BOOST = {"010": 3, "036": 3, "042": 3, "043": 3, "046": 3, "051": 2, "057": 2, "112": 2}
SUB_CODE_WEIGHT = 0.2
SYMMETRIC_CODES = {"040", "044", "046", "057", "190"}

# Templates: {s} source, {t} target, [..] the trigger, {topic}, {when}.
DIRECTED = {
    "01": ["{s} [said] its relations with {t} would focus on {topic}{when}",
           "{s} [commented] on the situation in {t}{when}"],
    "02": ["{s} [urged] {t} to resume talks on {topic}{when}",
           "{s} [appealed] to {t} for help with {topic}"],
    "03": ["{s} [pledged] to work with {t} on {topic}{when}",
           "{s} [offered] to expand cooperation with {t} on {topic}"],
    "04": ["{s} [met] officials from {t}{when} to discuss {topic}",
           "{s} [visited] {t}{when} for talks on {topic}",
           "{s} [hosted] a delegation from {t}{when}"],
    "05": ["{s} [praised] {t} for its role in {topic}",
           "{s} [signed] a cooperation accord with {t} on {topic}{when}"],
    "06": ["{s} [expanded] trade with {t}{when}",
           "{s} [shared] intelligence with {t} on {topic}"],
    "07": ["{s} [sent] humanitarian aid to {t}{when}",
           "{s} [provided] economic assistance to {t}"],
    "08": ["{s} [released] detained citizens of {t}{when}",
           "{s} [eased] restrictions on {t}{when}"],
    "09": ["{s} [investigated] claims made by {t} about {topic}"],
    "10": ["{s} [demanded] an explanation from {t} over {topic}{when}"],
    "11": ["{s} [criticized] {t} over {topic}{when}",
           "{s} [accused] {t} of undermining {topic}"],
    "12": ["{s} [rejected] a proposal from {t} on {topic}{when}"],
    "13": ["{s} [threatened] {t} with sanctions over {topic}",
           "{s} [warned] {t} against escalation{when}"],
    "14": ["Protesters in {s} [rallied] against {t}{when}"],
    "15": ["{s} [deployed] troops near the border with {t}{when}"],
    "16": ["{s} [expelled] diplomats of {t}{when}", "{s} [cut] aid to {t} over {topic}"],
    "17": ["{s} [imposed] sanctions on {t} over {topic}{when}",
           "{s} [detained] citizens of {t}{when}"],
    "18": ["{s} [attacked] positions held by {t}{when}"],
    "19": ["{s} [shelled] targets in {t}{when}",
           "Forces of {s} [fought] troops of {t} near the frontier{when}"],
    "20": ["{s} [bombarded] cities in {t}{when}"],
}  # fmt: skip
SYMMETRIC = {
    "040": "{s} and {t} [consulted] on {topic}{when}",
    "044": "{s} and {t} [met] in {place}{when}",
    "046": "{s} and {t} [negotiated] on {topic}{when}",
    "057": "{s} and {t} [signed] an agreement on {topic}{when}",
    "190": "{s} and {t} [clashed] along their border{when}",
}
TRILATERAL = "{s}, {t} and {u} [met] in {place}{when} to discuss {topic}"
NEGATION = "Officials denied reports that "

TOPICS = (
    "energy security", "grain exports", "a ceasefire", "border demarcation", "nuclear talks",
    "maritime security", "trade tariffs", "refugee returns", "prisoner exchanges",
    "counter-terrorism", "climate finance", "debt relief", "arms control", "water rights",
    "visa rules", "fishing rights", "a gas pipeline", "regional stability", "election monitoring",
    "humanitarian corridors", "port access", "rare earth supplies", "cyber security",
    "peacekeeping", "a free trade zone", "airspace violations", "vaccine supplies",
)  # fmt: skip
PLACES = (
    "Geneva", "Vienna", "Doha", "Istanbul", "Singapore", "Oslo", "Cairo", "Astana", "Nairobi",
    "Brussels", "New York", "Jeddah", "Muscat", "Helsinki", "Bali",
)  # fmt: skip
FILLER = (
    "The talks were the first at that level in months.",
    "No timetable was given for further meetings.",
    "Diplomats said more consultations were expected.",
    "Markets showed little reaction to the news.",
    "Analysts said the move reflected shifting regional alliances.",
    "A spokesman declined to give further details.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
          "Nov.", "Dec.")  # fmt: skip
EVENTS_PER_ARTICLE = (1, 2, 3, 4, 5, 6)
EVENTS_PER_ARTICLE_WEIGHTS = (30, 25, 18, 12, 8, 7)


@dataclass(frozen=True, slots=True)
class Universe:
    """The actors and codes the generator draws from, with their cumulative weights."""

    actors: list[Actor]
    datelines: list[str]  # per actor: its capital, or a conference city for an IGO
    actor_cum: list[float]
    partner_cum: list[list[float]]  # per actor index: cumulative weights of the partners
    codes: list[tuple[str, str, int, float, str]]  # code, root, quad class, goldstein, label
    code_cum: list[float]


def build_universe(seed: int, n_actors: int = N_ACTORS) -> Universe:
    """~200 gazetteer actors ranked by prominence, and the ontology's codes with weights."""
    gazetteer = load_gazetteer()
    gaz_actors = gazetteer.actors
    capitals = {e.code: e.names[0] for e in gazetteer.entries if e.kind == "capital"}
    head = [c for c in HEAD if c in gaz_actors]
    rest = sorted(c for c in gaz_actors if c not in set(head))
    random.Random(f"actors-{seed}").shuffle(rest)
    ranked = (head + rest)[:n_actors]
    actors = [gaz_actors[c] for c in ranked]
    datelines = [capitals.get(c, PLACES[i % len(PLACES)]) for i, c in enumerate(ranked)]
    weights = [1.0 / rank for rank in range(1, len(actors) + 1)]
    partner_cum = []
    for i, a in enumerate(actors):
        region = REGIONS.get(a.code)
        row = [
            0.0
            if j == i
            else w * (SAME_REGION if region is not None and REGIONS.get(b.code) == region else 1)
            for j, (b, w) in enumerate(zip(actors, weights, strict=True))
        ]
        partner_cum.append(list(accumulate(row)))
    codes, code_weights = [], []
    for c in load_ontology():
        if c.level == "root":
            continue
        siblings_base = c.level == "base"
        weight = ROOT_WEIGHTS[c.root] * (1.0 if siblings_base else SUB_CODE_WEIGHT)
        if c.code.endswith("0") and len(c.code) == 3:
            weight *= 2  # the unspecified "x0" code is the commonest in its root
        weight *= CODE_BOOST.get(c.code, 1)
        codes.append((c.code, c.root, c.quad_class, c.goldstein, c.label))
        code_weights.append(weight)
    return Universe(
        actors,
        datelines,
        list(accumulate(weights)),
        partner_cum,
        codes,
        list(accumulate(code_weights)),
    )


class _Text:
    """An article text built piece by piece, remembering where each piece starts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> int:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start

    def text(self) -> str:
        return "".join(self.parts)


@cache
def _segments(template: str) -> tuple[tuple[str, str], ...]:
    """A template as (kind, value) pieces: ("text", …), ("slot", key), ("trigger", word)."""
    out: list[tuple[str, str]] = []
    for piece in re.split(r"(\{[a-z]+\}|\[[^\]]+\])", template):
        if not piece:
            continue
        if piece[0] == "{":
            out.append(("slot", piece[1:-1]))
        elif piece[0] == "[":
            out.append(("trigger", piece[1:-1]))
        else:
            out.append(("text", piece))
    return tuple(out)


def _fill(template: str, names: dict[str, str], base: int) -> tuple[str, dict[str, int]]:
    """Render a template; offsets (absolute, from ``base``) of {s}, {t}, {u} and [trigger]."""
    out: list[str] = []
    offsets: dict[str, int] = {}
    pos = base
    for kind, value in _segments(template):
        if kind == "slot":
            offsets[value] = pos
            piece = names[value]
        elif kind == "trigger":
            offsets["trigger"] = pos
            names["trigger"] = piece = value
        else:
            piece = value
        out.append(piece)
        pos += len(piece)
    return "".join(out), offsets


class Generator:
    """Yields (article, events) pairs; deterministic for a seed."""

    def __init__(self, seed: int, *, years: int = 10, end: date | None = None) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.universe = build_universe(seed)
        self.end = end or date(2026, 11, 30)
        self.days = max(1, round(365.25 * years))
        self.growth = math.log(4.0)  # volume at the end ≈ 4× the start
        self.serial = 0

    # -- draws ----------------------------------------------------------------------------

    def _actor(self) -> int:
        u = self.universe
        return bisect.bisect_right(u.actor_cum, self.rng.random() * u.actor_cum[-1])

    def _partner(self, i: int) -> int:
        cum = self.universe.partner_cum[i]
        return bisect.bisect_right(cum, self.rng.random() * cum[-1])

    def _code(self) -> tuple[str, str, int, float, str]:
        u = self.universe
        return u.codes[bisect.bisect_right(u.code_cum, self.rng.random() * u.code_cum[-1])]

    def _published(self) -> date:
        rng = self.rng
        while True:
            # Inverse CDF of a density growing exponentially over the span.
            x = math.log1p(rng.random() * math.expm1(self.growth)) / self.growth
            day = self.end - timedelta(days=round((1 - x) * (self.days - 1)))
            if day.weekday() < 5 or rng.random() < 0.6:
                return day

    def _when(self, published: date) -> tuple[str, date | None, str]:
        r = self.rng.random()
        if r < 0.03:
            return "", None, "none"
        if r < 0.25:
            return "", published, "published"
        day = published - timedelta(days=self.rng.choice((0, 0, 1, 1, 2, 3)))
        return f" on {WEEKDAYS[day.weekday()]}", day, "day"

    def _pairs(self, k: int) -> list[tuple[int, int]]:
        """k (source, target) pairs for one story: mostly its lead pair, sometimes others."""
        s = self._actor()
        t = self._partner(s)
        pairs = [(s, t)]
        for _ in range(k - 1):
            r = self.rng.random()
            if r < 0.45:
                pairs.append((s, t))
            elif r < 0.65:
                pairs.append((t, s))
            elif r < 0.85:
                a = self.rng.choice((s, t))
                pairs.append((a, self._partner(a)))
            else:
                a = self._actor()
                pairs.append((a, self._partner(a)))
        return pairs

    # -- stories --------------------------------------------------------------------------

    def articles(self, n_events: int) -> Iterator[tuple[Article, list[Event]]]:
        """Stories until exactly ``n_events`` events have been produced."""
        left = n_events
        while left > 0:
            k = self.rng.choices(EVENTS_PER_ARTICLE, EVENTS_PER_ARTICLE_WEIGHTS)[0]
            k = min(k, left)
            article, events = self.article(k)
            left -= len(events)
            yield article, events

    def article(self, k: int) -> tuple[Article, list[Event]]:
        """One story with exactly ``k`` events."""
        rng = self.rng
        actors = self.universe.actors
        self.serial += 1
        published = self._published()
        pairs = self._pairs(k)
        dateline = self.universe.datelines[pairs[0][0]]
        text = _Text()
        text.add(f"{dateline.upper()}, {MONTHS[published.month - 1]} {published.day} (GNS) - ")
        events: list[Event] = []
        trilateral = k >= 3 and rng.random() < 0.04
        if trilateral:
            s, t = pairs[0]
            u = next(
                (x for x in (self._partner(s) for _ in range(8)) if x not in (s, t)),
                None,
            )
            if u is not None:
                events += self._trilateral(text, published, (s, t, u))
        while len(events) < k:
            source, target = pairs[len(events)]
            events.append(self._event(text, published, source, target))
            if rng.random() < 0.3:
                text.add(rng.choice(FILLER) + " ")
        text.add(f"(Reporting by GNS desk {self.serial % 97 + 1}; ref {self.seed}-{self.serial})")
        body = text.text()
        digest = content_hash(body)
        a, b = actors[pairs[0][0]].label, actors[pairs[0][1]].label
        article = Article(
            id=digest[:16],
            text=body,
            title=f"{a} and {b}: {events[0].label}",
            url=f"https://news.example/gns/{self.seed}/{self.serial}",
            source="GNS",
            published=published,
            content_hash=digest,
        )
        for e in events:
            e.article_id = article.id
        return article, events

    def _event(self, text: _Text, published: date, si: int, ti: int) -> Event:
        rng = self.rng
        code, root, quad, goldstein, label = self._code()
        symmetric = code in SYMMETRIC_CODES and rng.random() < 0.6
        template = SYMMETRIC[code] if symmetric else rng.choice(DIRECTED[root])
        negated = rng.random() < 0.015
        when, day, precision = self._when(published)
        s, t = self.universe.actors[si], self.universe.actors[ti]
        names = {
            "s": s.label,
            "t": t.label,
            "topic": rng.choice(TOPICS),
            "place": rng.choice(PLACES),
            "when": when,
        }
        prefix = NEGATION if negated else ""
        start = text.length
        body, offs = _fill(template, names, start + len(prefix))
        if prefix:
            # "Protesters in …", "Forces of …" continue the denial in lower case.
            lead = body[0].lower() if template[0] != "{" else body[0]
            body = prefix + lead + body[1:]
        sentence = body + "."
        text.add(sentence + " ")
        trigger = names["trigger"]
        military = int(root) >= 15
        return Event(
            source=s.code,
            target=t.code,
            code=code,
            root=root,
            quad_class=quad,
            goldstein=goldstein,
            label=label,
            date=day,
            date_precision=precision,
            sentence=sentence,
            sentence_start=start,
            trigger_text=trigger,
            trigger_start=offs["trigger"],
            trigger_end=offs["trigger"] + len(trigger),
            source_text=s.label,
            source_start=offs["s"],
            source_end=offs["s"] + len(s.label),
            target_text=t.label,
            target_start=offs["t"],
            target_end=offs["t"] + len(t.label),
            source_sector=_sector(rng, military, s.kind),
            target_sector=_sector(rng, military, t.kind),
            symmetric=symmetric,
            negated=negated,
            confidence=round(rng.uniform(0.6, 1.0), 2),
            mentions=1 if rng.random() < 0.85 else 2,
            extractor_version=EXTRACTOR_VERSION,
        )

    def _trilateral(self, text: _Text, published: date, trio: tuple[int, int, int]) -> list[Event]:
        """A three-party meeting: one sentence, three symmetric 044 events, one group id."""
        rng = self.rng
        code = load_ontology().get("044")
        when, day, precision = self._when(published)
        parties = [self.universe.actors[i] for i in trio]
        names = {
            "s": parties[0].label,
            "t": parties[1].label,
            "u": parties[2].label,
            "topic": rng.choice(TOPICS),
            "place": rng.choice(PLACES),
            "when": when,
        }
        start = text.length
        body, offs = _fill(TRILATERAL, names, start)
        sentence = body + "."
        text.add(sentence + " ")
        group = f"g{self.seed}-{self.serial}"
        keys = ("s", "t", "u")
        events = []
        for a, b in ((0, 1), (0, 2), (1, 2)):
            src, dst = parties[a], parties[b]
            events.append(
                Event(
                    source=src.code,
                    target=dst.code,
                    code=code.code,
                    root=code.root,
                    quad_class=code.quad_class,
                    goldstein=code.goldstein,
                    label=code.label,
                    date=day,
                    date_precision=precision,
                    sentence=sentence,
                    sentence_start=start,
                    trigger_text=names["trigger"],
                    trigger_start=offs["trigger"],
                    trigger_end=offs["trigger"] + len(names["trigger"]),
                    source_text=src.label,
                    source_start=offs[keys[a]],
                    source_end=offs[keys[a]] + len(src.label),
                    target_text=dst.label,
                    target_start=offs[keys[b]],
                    target_end=offs[keys[b]] + len(dst.label),
                    source_sector="GOV",
                    target_sector="GOV",
                    group_id=group,
                    symmetric=True,
                    confidence=0.9,
                    extractor_version=EXTRACTOR_VERSION,
                )
            )
        return events


def _sector(rng: random.Random, military: bool, kind: str) -> str | None:
    if kind == "igo":
        return None
    r = rng.random()
    if military and r < 0.5:
        return "MIL"
    return "GOV" if r < 0.8 else None
