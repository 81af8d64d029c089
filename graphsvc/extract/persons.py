"""People in one document: tabled leaders on the story date, and people learned there.

- Tabled people resolve on the story date (``resolve_person``).
- People introduced with a title are learned for the whole document (``learn_persons``):
  "Armenian Prime Minister Nikol Pashinian", "King Abdullah of Jordan", "Sergei Lavrov, the
  Russian foreign minister,", "Prince Faisal bin Farhan, Minister of Foreign Affairs of Saudi
  Arabia", "the President of Azerbaijan, Ilham Aliyev", "Kremlin spokesman Dmitry Peskov".
  The full name, the surname and close spellings of it (Pashinian/Pashinyan) then resolve
  anywhere in the document (``match_learned``); a learned person overrides a tabled one that
  disagrees, and the surname of a tabled full name counts for the rest of the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from graphsvc.extract.gazetteer import Tokens
from graphsvc.extract.sectors import FORMER_WORDS, SectorLexicon
from graphsvc.models import AliasEntry

FUZZY_CONFIDENCE = 0.9


@dataclass(slots=True)
class Cand:
    """A mention under construction, in token offsets [i, j)."""

    i: int
    j: int
    code: str
    kind: str
    sector: str | None = None
    codes: tuple[str, ...] = ()
    confidence: float = 1.0
    name_start: int = -1  # first token of the name itself (after a leading "the")
    source: str = ""  # persons: table | title | surname | fuzzy
    run_end: int = -1  # end of the noun run after an adjective ("Russian [Foreign Ministry]")
    head: str = ""  # last sector word of that run

    def __post_init__(self) -> None:
        if self.name_start < 0:
            self.name_start = self.i


# ---------------------------------------------------------------- tabled persons


def resolve_person(entries: Sequence[AliasEntry], day: date | None) -> tuple[str, str] | None:
    """(code, sector) of the people listed under one name, on ``day``.

    An office held on the day wins (its sector, usually GOV); else the last office held
    before the day makes the person a former official (ELI). With no day, current offices
    count, else the latest one. Several people under one name resolve only if they agree.
    """
    found: set[tuple[str, str]] = set()
    for entry in entries:
        active = [r for r in entry.roles if r.active_on(day)]
        if active:
            role = max(active, key=lambda r: r.start or date.min)
            found.add((role.country, role.sector or "GOV"))
            continue
        past = [r for r in entry.roles if r.end is not None and (day is None or r.end < day)]
        if past:
            role = max(past, key=lambda r: r.end or date.min)
            found.add((role.country, "ELI"))
    if len(found) == 1:
        return found.pop()
    codes = {c for c, _ in found}
    if len(codes) == 1:  # one state, different sectors: the office held wins
        return next(iter(codes)), min(s for _, s in found if s != "ELI") if any(
            s != "ELI" for _, s in found
        ) else "ELI"
    return None


# ---------------------------------------------------------------- words


_CALENDAR = frozenset(
    {
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun",
        "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday",
        "Thursday", "Friday", "Saturday", "Sunday",
    }
)  # fmt: skip
_ADVERBS = frozenset(
    {
        "Yesterday", "Today", "Tomorrow", "Earlier", "Later", "Separately", "Meanwhile",
        "Also", "Instead", "Still", "Now", "Last", "Next", "Recently", "Previously",
        "Officially", "Initially", "Finally", "Additionally", "Similarly", "Likewise",
        "Moreover", "Furthermore", "Hence", "Then", "Why", "While", "According", "Both",
        "Neighbouring", "Neighboring", "Southern", "Eastern", "Western", "Central",
        "Speaking", "Asked", "Following", "Despite", "Under", "Reuters", "AP", "AFP",
        "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Prof", "Mme", "Messrs",
    }
)  # fmt: skip
HONORIFICS = frozenset(
    {"prince", "princess", "sheikh", "sheikha", "sir", "dame", "dr", "mr", "mrs", "ms",
     "king", "queen", "emir", "sultan", "crown", "general", "gen", "president", "lord"}
)  # fmt: skip
PARTICLES = frozenset(
    {"bin", "bint", "ibn", "ben", "al", "el", "von", "van", "der", "den", "de", "da", "di",
     "du", "la", "le", "dos", "das", "y", "abu", "ould", "ag", "ter"}
)  # fmt: skip
PATRONYMIC = frozenset({"bin", "bint", "ibn", "ben"})
# Nouns that end a person's title ("Prime Minister", "army chief", "Foreign Ministry spokesman").
PERSON_NOUNS = frozenset(
    {
        "president", "minister", "premier", "chancellor", "king", "queen", "prince", "emir",
        "amir", "sheikh", "sultan", "ambassador", "envoy", "general", "commander", "chief",
        "spokesman", "spokeswoman", "spokesperson", "secretary", "leader", "monarch", "ruler",
        "speaker", "governor", "official", "diplomat", "negotiator", "adviser", "advisor",
        "director", "head", "admiral", "marshal", "colonel", "counterpart", "lawmaker",
        "senator", "judge", "prosecutor", "representative", "vice-president", "ayatollah",
    }
)  # fmt: skip
# Capitalised words that make a "name" an organisation, event or place.
ORG_WORDS = frozenset(
    {
        "League", "Party", "Council", "Committee", "Ministry", "Office", "Association",
        "Union", "Front", "Movement", "Group", "Agency", "Forces", "Army", "Guard", "Court",
        "Assembly", "Parliament", "Bank", "Company", "Corporation", "Organization",
        "Organisation", "Commission", "Authority", "Service", "Services", "Department",
        "Institute", "University", "School", "Airlines", "News", "Times", "Post", "Daily",
        "Agreement", "Treaty", "Summit", "Conference", "Square", "Street", "Palace", "House",
        "Hall", "Airport", "Club", "Festival", "Day", "War", "Crisis", "Cup", "Games",
        "Foundation", "Fund", "Federation", "Republic", "Kingdom", "Region",
        "Province", "City", "Government", "Cabinet", "Senate", "Congress", "Embassy",
    }
)  # fmt: skip
# "Minister of Foreign Affairs", "Secretary of State", "Chief of the General Staff".
PORTFOLIOS: dict[tuple[str, ...], str | None] = {
    ("foreign", "affairs"): None, ("external", "affairs"): None, ("state",): None,
    ("defence",): None, ("defense",): None, ("the", "interior"): None, ("interior",): None,
    ("finance",): None, ("economy",): None, ("trade",): None, ("energy",): None,
    ("justice",): None, ("health",): None, ("national", "defence"): None,
    ("national", "defense"): None, ("the", "general", "staff"): "MIL",
    ("general", "staff"): "MIL", ("staff",): "MIL", ("the", "armed", "forces"): "MIL",
    ("the", "army"): "MIL", ("army", "staff"): "MIL", ("foreign", "relations"): None,
    ("international", "affairs"): None,
}  # fmt: skip
_PORTFOLIO_MAX = max(len(k) for k in PORTFOLIOS)


@lru_cache(maxsize=1)
def not_name_words() -> frozenset[str]:
    """Capitalised words that never start a person's name (sentence openers, dates...)."""
    from spacy.lang.en.stop_words import STOP_WORDS  # a plain word list, no model

    return frozenset(w.capitalize() for w in STOP_WORDS) | _CALENDAR | _ADVERBS


# ---------------------------------------------------------------- titles and names


@dataclass(frozen=True, slots=True)
class Title:
    end: int
    sector: str
    former: bool


def parse_title(lower: Sequence[str], i: int, sectors: SectorLexicon) -> Title | None:
    """A person's title starting at token ``i`` ("Prime Minister", "foreign minister",
    "Minister of Foreign Affairs", "army chief"), ending on a person noun."""
    j = i
    last: int | None = None
    portfolio_sector: str | None = None
    words = 0
    n = len(lower)
    while j < n and words < 6:
        w = lower[j]
        phrase = sectors.phrase_at(lower, j)
        if phrase is not None and phrase[0] > j + 1:  # "prime minister", "crown prince"
            j = phrase[0]
            if lower[j - 1] in PERSON_NOUNS:
                last = j
        elif w in PERSON_NOUNS:
            j += 1
            last = j
        elif w in sectors.modifiers or phrase is not None:
            j += 1
        elif w == "-" and j > i and j + 1 < n:
            j += 1
            continue
        elif w in ("of", "for") and last == j:
            hit = _portfolio_at(lower, j + 1)
            if hit is None:
                break
            j, portfolio_sector = hit
            last = j
        else:
            break
        words += 1
    if last is None:
        return None
    run = sectors.head_run(lower, i, window=6, stop=last)  # only the title's own words
    sector = portfolio_sector or run.sector or "GOV"
    former = run.former or any(lower[k] in FORMER_WORDS for k in range(i, last))
    if former and sector == "GOV":
        sector = "ELI"
    return Title(last, sector, former)


def _portfolio_at(lower: Sequence[str], i: int) -> tuple[int, str | None] | None:
    for n in range(min(_PORTFOLIO_MAX, len(lower) - i), 0, -1):
        key = tuple(lower[i : i + n])
        if key in PORTFOLIOS:
            return i + n, PORTFOLIOS[key]
    return None


def name_word(toks: Tokens, i: int) -> bool:
    key = toks.keys[i]
    return (
        key[0].isupper()
        and key[0].isalpha()
        and not (key.isupper() and len(key) > 2)
        and key not in not_name_words()
    )


def parse_name(toks: Tokens, i: int, blocked: set[int]) -> int | None:
    """End token of a person's name starting at ``i`` ("Nikol Pashinian", "Faisal bin
    Farhan", "Kim Jong-un", "Ursula von der Leyen"); ``blocked`` tokens belong to places."""
    keys = toks.keys
    n = len(keys)
    j = i
    end: int | None = None
    words = 0
    while j < n and words < 6 and j not in blocked:
        gap = toks.text[toks.ends[j - 1] : toks.starts[j]] if j > i else ""
        if "\n" in gap:
            break
        if keys[j] in ORG_WORDS:
            return None  # "Premier League", "Foreign Ministry Office": a body, not a person
        if name_word(toks, j):
            j += 1
            end = j
            words += 1
        elif (
            end is not None
            and keys[j].lower() in PARTICLES
            and j + 1 < n
            and (name_word(toks, j + 1) or keys[j + 1] == "-")
        ):
            j += 1
        elif (
            end == j
            and keys[j] in ("-", "'")
            and j + 1 < n
            and not gap
            and (keys[j + 1][0].isalpha() and toks.starts[j + 1] == toks.ends[j])
            and keys[j + 1] not in ("s", "S")  # a possessive, not "O'Keeffe"
        ):
            j += 2  # "Jong-un", "el-Sisi", "O'Keeffe"
            end = j
        else:
            break
    return end


def _name_start_before(toks: Tokens, e: int, blocked: set[int]) -> int | None:
    """Start of a name that ends exactly at token ``e`` (for "Name, the X minister")."""
    best: int | None = None
    for s in range(e - 1, max(-1, e - 9), -1):
        if s in blocked:
            break
        if name_word(toks, s) and parse_name(toks, s, blocked) == e:
            best = s
    return best


def name_keys(keys: Sequence[str]) -> list[tuple[str, ...]]:
    """The forms a learned name is referred to by: full name, surname, and the given name
    of patronymic names ("Faisal bin Farhan" -> "Faisal")."""
    core = list(keys)
    while len(core) > 1 and core[0].lower() in HONORIFICS:
        core = core[1:]
    if not core:
        return []
    forms = [tuple(core)]
    words = [k for k in core if k[0].isalpha()]
    # the surname is the last word with its hyphen/apostrophe joins: "Jean-Pierre", "O'Keeffe"
    k = len(core) - 1
    while k >= 2 and core[k - 1] in ("-", "'"):
        k -= 2
    surname = tuple(core[k:])
    if k > 0 and surname[-1][0].isupper() and (len(surname) > 1 or len(surname[0]) >= 4):
        forms.append(surname)
    if len(surname) > 1 and surname[0].lower() in PARTICLES and len(surname[-1]) >= 4:
        forms.append((surname[-1],))  # "el-Sisi" -> "Sisi"
    if any(k.lower() in PATRONYMIC for k in core):
        forms.append((core[0],))
    elif len(words) in (2, 3) and len(words[0]) <= 4 and words[0] == core[0]:
        forms.append((core[0],))  # surname-first names: "Wang Wenbin" -> "Wang", "Kim Jong Un"
    return forms


# ---------------------------------------------------------------- learning


@dataclass(slots=True)
class Learned:
    """Names learned in one document: key -> (code, sector, source); None when ambiguous."""

    names: dict[tuple[str, ...], tuple[str, str, str] | None] = field(default_factory=dict)

    def add(self, keys: Sequence[str], code: str, sector: str, source: str) -> None:
        for form in name_keys(keys):
            prev = self.names.get(form, ())
            if prev == ():
                self.names[form] = (code, sector, source)
            elif prev is not None and prev[0] != code:
                if prev[2] == source:
                    self.names[form] = None  # two people share the name: leave it
                elif source == "title":
                    self.names[form] = (code, sector, source)  # a title beats the tables
            elif prev is not None and source == "title" and prev[2] != "title":
                self.names[form] = (code, sector, source)
            # a "role" guess (the document's ministry) never overrides what is known


def learn_persons(
    toks: Tokens, lower: Sequence[str], cands: Sequence[Cand], sectors: SectorLexicon
) -> Learned:
    learned = Learned()
    home = home_state(lower, cands)
    places = {k: c for c in cands if c.kind != "person" for k in range(c.i, c.j)}
    blocked = set(places)
    place_at = {c.name_start: c for c in cands if c.kind in ("country", "igo", "group")}
    keys = toks.keys
    n = len(keys)

    def learn(s: int, e: int, code: str, sector: str) -> None:
        learned.add(keys[s:e], code, sector, "title")

    def country_after(k: int) -> Cand | None:
        if k < n and lower[k] == "the":
            k += 1
        c = place_at.get(k)
        return c if c is not None and c.kind in ("country", "igo", "group") else None

    for c in cands:
        if c.kind == "person":
            if c.source == "table" and c.j - c.i >= 2:
                learned.add(keys[c.i : c.j], c.code, c.sector or "GOV", "table")
            continue
        if c.kind not in ("adjective", "country", "capital", "seat", "igo"):
            continue
        t0 = c.j
        # "Russia's Foreign Minister", "U.S. envoy", "Kremlin spokesman", "NATO chief"
        if t0 + 1 < n and keys[t0] == "'" and keys[t0 + 1] == "s":
            t0 += 2
        title = parse_title(lower, t0, sectors)
        if title is None:
            continue
        former = title.former or (c.i > 0 and lower[c.i - 1] in FORMER_WORDS)
        sector = "ELI" if former and title.sector == "GOV" else title.sector
        # (A) "Armenian Prime Minister Nikol Pashinian"
        end = parse_name(toks, title.end, blocked)
        if end is not None:
            learn(title.end, end, c.code, sector)
            continue
        # (C) "Sergei Lavrov, the Russian foreign minister"
        k = c.i - 1
        while k >= 0 and lower[k] in ("the", "former", "ex", "-"):
            k -= 1
        if k >= 0 and keys[k] == ",":
            s = _name_start_before(toks, k, blocked)
            if s is not None:
                learn(s, k, c.code, sector)

    for t in range(n):
        if lower[t] not in PERSON_NOUNS and lower[t] not in sectors.modifiers:
            continue
        if t > 0 and (t - 1) in places and lower[t - 1] != "the":
            continue  # anchored titles were handled above
        title = parse_title(lower, t, sectors)
        if title is None:
            continue
        e = title.end
        if e < n and lower[e] == "of":
            place = country_after(e + 1)
            if place is None:
                continue
            after = place.j
            if after < n and keys[after] == ",":
                after += 1
            # (D) "the President of Azerbaijan, Ilham Aliyev"
            end = parse_name(toks, after, blocked)
            if end is not None and (after > place.j or keys[t][0].isupper()):
                learn(after, end, place.code, title.sector)  # type: ignore[arg-type]
                continue
            # (C2) "Prince Faisal bin Farhan, Minister of Foreign Affairs of Saudi Arabia"
            k = t - 1
            while k >= 0 and lower[k] in ("the", "former", "ex", "-"):
                k -= 1
            if k >= 0 and keys[k] == ",":
                s = _name_start_before(toks, k, blocked)
                if s is not None:
                    learn(s, k, place.code, title.sector)
            continue
        # (B) "King Abdullah of Jordan", "President Emmanuel Macron of France"
        end = parse_name(toks, e, blocked)
        if end is not None and end + 1 < n and lower[end] == "of":
            place = country_after(end + 1)
            if place is not None:
                learn(e, end, place.code, title.sector)
                continue
        # (F) "NATO foreign ministers met … Secretary-General Mark Rutte said": an
        # organisation's office named bare belongs to the organisation named last before it
        org = _last_igo(cands, t) if "secretary" in lower[t:e] and "general" in lower[t:e] else None
        if end is not None and org is not None and keys[t][0].isupper():
            learn(e, end, org, title.sector)
            continue
        # (E) "Foreign Minister Tom Halvorsen" with no state beside the title, in a story
        # whose only ministry is "Norway's foreign ministry": a tabled person still wins
        if end is not None and home is not None and keys[t][0].isupper() and lower[t] in CABINET:
            learned.add(keys[e:end], home, title.sector, "role")
    return learned


def _last_igo(cands: Sequence[Cand], before: int) -> str | None:
    """The code of the organisation named last before token ``before``."""
    orgs = [c for c in cands if c.kind == "igo" and c.j <= before]
    return orgs[-1].code if orgs else None


MINISTRY_WORDS = frozenset({"ministry", "government", "embassy"})
# portfolios of a minister a story may name without a state; a president or king is named
# with it, and a bare one may be someone else's ("welcomed President Reagan's statement")
CABINET = frozenset(
    """foreign defence defense interior finance trade economy energy justice health
    agriculture transport""".split()  # noqa: SIM905 (a word list)
)


def home_state(lower: Sequence[str], cands: Sequence[Cand]) -> str | None:
    """The one state whose ministry or government the document quotes ("Norway's foreign
    ministry", "the Norwegian government", "the foreign ministry in Oslo"), else None."""
    n = len(lower)
    found: set[str] = set()
    for c in cands:
        if c.kind not in ("country", "adjective", "capital"):
            continue
        k = c.j + 2 if c.j + 1 < n and lower[c.j] == "'" and lower[c.j + 1] == "s" else c.j
        words = lower[k : k + 2]
        if words and (words[0] in MINISTRY_WORDS or (len(words) > 1 and words[1] == "ministry")):
            found.add(c.code)
        seat = c.kind == "capital" and c.i >= 2 and lower[c.i - 1] == "in"
        if seat and lower[c.i - 2] in MINISTRY_WORDS:
            found.add(c.code)  # "the foreign ministry in Warsaw"
    return found.pop() if len(found) == 1 else None


# ---------------------------------------------------------------- applying what was learned


def _edit_distance(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for x, ca in enumerate(a, 1):
        cur = [x]
        for y, cb in enumerate(b, 1):
            cur.append(min(prev[y] + 1, cur[y - 1] + 1, prev[y - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _fuzzy_limit(word: str) -> int:
    return 2 if len(word) >= 7 else 1 if len(word) >= 5 else 0


def match_learned(toks: Tokens, cands: list[Cand], learned: Learned) -> list[Cand]:
    """Mark every occurrence of a learned name; spelling variants of learned surnames too."""
    names = {k: v for k, v in learned.names.items() if v is not None}
    if not names:
        return cands
    keys = toks.keys
    n = len(keys)
    longest: dict[str, int] = {}
    for k in names:
        longest[k[0]] = max(longest.get(k[0], 0), len(k))
    surnames = {k[0]: v for k, v in names.items() if len(k) == 1 and v[2] == "title"}
    owner = [-1] * n  # token -> index into cands
    for idx, c in enumerate(cands):
        for k in range(c.i, c.j):
            owner[k] = idx
    dropped: set[int] = set()
    added: list[Cand] = []
    done = 0  # tokens before this index are inside a learned name already
    for i in (i for i, k in enumerate(keys) if k[0].isupper()):  # names are capitalised
        if i < done:
            continue
        hit = _learned_at(keys, i, names, longest)
        if hit is None:
            if owner[i] < 0 and surnames and _name_word_quick(keys[i]):
                fuzzy = _fuzzy_surname(keys[i], surnames)
                if fuzzy is not None:
                    code, sector = fuzzy
                    fuzzy_cand = Cand(i, i + 1, code, "person", sector, source="fuzzy")
                    fuzzy_cand.confidence = FUZZY_CONFIDENCE
                    added.append(fuzzy_cand)
            continue
        j, (code, sector, source) = hit
        overlapped = {owner[k] for k in range(i, j) if owner[k] >= 0}
        if any(cands[o].kind != "person" for o in overlapped):
            continue
        done = j
        if source != "title" and overlapped:
            continue  # a tabled person already stands here
        dropped |= overlapped
        added.append(Cand(i, j, code, "person", sector, source=source))
    if not added:
        return cands
    kept = [c for idx, c in enumerate(cands) if idx not in dropped]
    return sorted(kept + added, key=lambda c: c.i)


def _learned_at(
    keys: Sequence[str],
    i: int,
    names: dict[tuple[str, ...], tuple[str, str, str]],
    longest: dict[str, int],
) -> tuple[int, tuple[str, str, str]] | None:
    most = longest.get(keys[i])
    if most is None:
        return None
    for n in range(min(most, len(keys) - i), 0, -1):
        found = names.get(tuple(keys[i : i + n]))
        if found is not None:
            return i + n, found
    return None


def _name_word_quick(key: str) -> bool:
    return len(key) >= 5 and key[0].isupper() and key[1:].islower()


def _fuzzy_surname(word: str, surnames: dict[str, tuple[str, str, str]]) -> tuple[str, str] | None:
    for name, (code, sector, _) in surnames.items():
        limit = _fuzzy_limit(name)
        if limit and name[0] == word[0] and _edit_distance(word, name, limit) <= limit:
            return code, sector
    return None
