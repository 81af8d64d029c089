"""References resolved inside one document.

- Singular: "the Russian leader", "the Armenian side", "the Turkish foreign minister" stand
  for that state (sector from the noun).
- Plural: "the two leaders", "both countries", "the three countries", "both sides", "the
  neighbours" stand for the states last named as a group or, failing that, the latest
  distinct ones (see ``_PluralResolver`` for the exact order of preference).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from graphsvc.extract.gazetteer import Tokens
from graphsvc.extract.persons import PERSON_NOUNS, Cand, name_word
from graphsvc.extract.sectors import SectorLexicon

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4}
# Plural nouns of references and whether they point at persons or states.
_PERSON_PLURALS = frozenset(
    {"leaders", "presidents", "ministers", "premiers", "counterparts", "chancellors",
     "heads", "kings", "monarchs", "rulers", "prime"}
)  # fmt: skip
_STATE_PLURALS = frozenset(
    {"countries", "nations", "states", "governments", "sides", "neighbours", "neighbors",
     "capitals", "allies", "rivals", "armies", "militaries", "delegations", "republics",
     "powers", "administrations"}
)  # fmt: skip
_PLURAL_MODIFIERS = frozenset(
    {"foreign", "defence", "defense", "warring", "neighbouring", "neighboring", "former",
     "regional", "rival", "allied", "nuclear", "gulf", "state", "prime", "member",
     "guarantor", "mediating", "host", "partner", "sponsor", "european",
     "asian", "african", "arab", "western", "signatory"}
)  # fmt: skip
_SINGULAR_REF_SECTORS = frozenset({"GOV", "ELI"})


def find_references(
    toks: Tokens,
    lower: Sequence[str],
    cands: list[Cand],
    sectors: SectorLexicon,
    is_igo: Callable[[str], bool],
) -> list[Cand]:
    cands = _singular_references(toks, lower, cands)
    cands = _organisation_references(lower, cands)
    return _PluralResolver(toks, lower, sectors, is_igo).resolve(cands)


# "the bloc closed borders with Niger" after "ECOWAS …": the organisation named last
_ORG_NOUNS = frozenset({"bloc", "grouping", "organisation", "organization"})
ORG_REFERENCE_CONFIDENCE = 0.8


def _organisation_references(lower: Sequence[str], cands: list[Cand]) -> list[Cand]:
    """ "the bloc", "the organisation": the one named last before it in the story ("the
    alliance" is left alone: a story may name the EU last and mean NATO)."""
    taken = {k for c in cands for k in range(c.i, c.j)}
    added: list[Cand] = []
    last_org: Cand | None = None
    ordered = sorted(cands, key=lambda c: c.i)
    k = 0
    for i in range(1, len(lower)):
        while k < len(ordered) and ordered[k].j <= i:
            if ordered[k].kind == "igo":
                last_org = ordered[k]
            k += 1
        if lower[i] not in _ORG_NOUNS or lower[i - 1] != "the" or last_org is None:
            continue
        if i in taken or (i - 1) in taken:
            continue
        added.append(
            Cand(
                i - 1,
                i + 1,
                last_org.code,
                "igo",
                last_org.sector,
                codes=(last_org.code,),
                confidence=ORG_REFERENCE_CONFIDENCE,
                source="reference",
            )
        )
    return sorted([*cands, *added], key=lambda c: c.i) if added else cands


def _singular_references(toks: Tokens, lower: Sequence[str], cands: list[Cand]) -> list[Cand]:
    """ "the Russian leader", "the Armenian side", "the Russian foreign minister"."""
    starts = {c.i for c in cands}
    out: list[Cand] = []
    for c in cands:
        if (
            c.kind == "adjective"
            and c.i > 0
            and lower[c.i - 1] == "the"
            and c.head
            and c.run_end > c.j
            and toks.keys[c.j] != "-"
            and (c.sector in _SINGULAR_REF_SECTORS or c.sector is None)
            and not any(k in starts for k in range(c.j, c.run_end + 1))
            and not (c.run_end < len(toks) and name_word(toks, c.run_end))
        ):
            out.append(Cand(c.i - 1, c.run_end, c.code, "reference", c.sector, head=c.head))
        else:
            out.append(c)
    return out


def _plural_phrase(lower: Sequence[str], t: int) -> tuple[int, str, int] | None:
    """(end, noun, count) of "the two leaders", "both sides", "all three countries"..."""
    n = len(lower)
    w = lower[t]
    k = t + 1
    count = 2 if w == "both" else 0
    if k < n and lower[k] in _NUMBERS:
        count = _NUMBERS[lower[k]]
        k += 1
    elif w == "both" and k < n and lower[k] == "the":
        k += 1
    while k + 1 < n and lower[k] in _PLURAL_MODIFIERS and lower[k + 1] != ",":
        k += 1
    if k >= n:
        return None
    noun = lower[k]
    if noun == "prime" and k + 1 < n and lower[k + 1] == "ministers":
        k += 1
    elif noun == "heads":
        if not (k + 2 < n and lower[k + 1] == "of" and lower[k + 2] == "state"):
            return None
        k += 2
    if count == 0:
        if noun not in ("neighbours", "neighbors"):
            return None
        count = 2
    if noun not in _PERSON_PLURALS and noun not in _STATE_PLURALS:
        return None
    return k + 1, noun, count


_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "gov", "sen", "rep", "prof",
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "no", "vs", "jr", "sr", "inc", "corp", "co", "ltd"}
)  # fmt: skip
# words that may stand between coordinated parties: "Mirzoyan and his Azerbaijani counterpart"
_GLUE = frozenset(
    {",", "and", "-", "the", "&", "/", "his", "her", "their", "its", "counterpart", "counterparts"}
)


def sentence_ids(toks: Tokens) -> list[int]:
    """Sentence number of every token: a sentence ends at a line break or at . ! ? before a
    capitalised word, except after abbreviations ("Nov. 10", "U.S. President")."""
    ids: list[int] = []
    sid = 0
    keys = toks.keys
    for i in range(len(keys)):
        if i > 0:
            prev = keys[i - 1]
            if (
                "\n" in toks.text[toks.ends[i - 1] : toks.starts[i]]
                or prev in ("!", "?")
                or (
                    prev == "."
                    and (keys[i][0].isupper() or keys[i] in ('"', "'"))
                    and i >= 2
                    and not (len(keys[i - 2]) == 1 and keys[i - 2].isupper())
                    and keys[i - 2].lower() not in _ABBREVIATIONS
                )
            ):
                sid += 1
        ids.append(sid)
    return ids


class _PluralResolver:
    """Resolves "the two leaders", "both countries", "the three countries", "both sides".

    Antecedents, in order of preference:
    1. the nearest group of exactly N parties in this or the two previous sentences: an
       earlier plural reference of N, or mentions joined by "and", commas, hyphens or titles
       ("Aliyev and Pashinyan", "Turkish-Russian", "Russia, Azerbaijan and Armenia");
    2. the N latest distinct parties earlier in the same sentence ("X met Y, and the two
       leaders ...");
    3. the N latest distinct parties before this sentence (so the speaker of "X called on
       both governments" is not taken for one of them); then anywhere before.
    Leaders/presidents prefer persons (and GOV adjectives); countries/nations/governments
    take states only; sides/delegations may include organisations. The codes are returned in
    the order they were first mentioned in the document.
    """

    def __init__(
        self,
        toks: Tokens,
        lower: Sequence[str],
        sectors: SectorLexicon,
        is_igo: Callable[[str], bool],
    ) -> None:
        self.toks = toks
        self.lower = lower
        self.sectors = sectors
        self.is_igo = is_igo
        self.glue = (
            _GLUE | sectors.modifiers | PERSON_NOUNS | {w for key in sectors.phrases for w in key}
        )
        self.sent: list[int] = []

    def resolve(self, cands: list[Cand]) -> list[Cand]:
        lower = self.lower
        occupied = {k for c in cands for k in range(c.i, c.j)}
        first_seen: dict[str, int] = {}
        for c in cands:
            first_seen.setdefault(c.code, c.i)
        refs: list[Cand] = []
        seen: list[Cand] = []  # mentions ending before the current token, in text order
        p = 0
        for t in range(len(lower)):
            if lower[t] not in ("the", "both", "all") or t in occupied:
                continue
            parsed = _plural_phrase(lower, t)
            if parsed is None:
                continue
            end, noun, count = parsed
            if any(x in occupied for x in range(t, end)):
                continue
            while p < len(cands) and cands[p].j <= t:
                seen.append(cands[p])
                p += 1
            if not self.sent:
                self.sent = sentence_ids(self.toks)
            codes = self._antecedents(seen, t, noun, count)
            if codes is None:
                continue
            codes = tuple(sorted(codes, key=lambda code: first_seen[code]))
            persons = noun in _PERSON_PLURALS
            k0 = t + 1
            if lower[k0] in _NUMBERS or lower[k0] == "the":
                k0 += 1
            run = self.sectors.head_run(lower, k0, window=5)
            sector = run.sector if not persons else (run.sector or "GOV")
            ref = Cand(t, end, codes[0], "reference", sector, codes=codes)
            refs.append(ref)
            seen.append(ref)
        if not refs:
            return cands
        return sorted(cands + refs, key=lambda c: c.i)

    def _antecedents(self, seen: list[Cand], t: int, noun: str, count: int) -> list[str] | None:
        allow_igo = noun in ("sides", "delegations", "allies", "rivals")

        def eligible(code: str) -> bool:
            return allow_igo or not self.is_igo(code)

        sid = self.sent[t]
        window = [c for c in seen if self.sent[c.i] >= sid - 2]
        group = self._nearest_group(window, count, eligible)
        if group is not None:
            return group
        same = [c for c in window if self.sent[c.i] == sid and len(c.codes) <= 1]
        persons = noun in _PERSON_PLURALS
        for pool in (same, [c for c in seen if self.sent[c.i] < sid], seen):
            chosen = _latest_codes(pool, count, persons, eligible)
            if chosen is not None:
                return chosen
        return None

    def _nearest_group(
        self, window: list[Cand], count: int, eligible: Callable[[str], bool]
    ) -> list[str] | None:
        """Codes of the latest coordinated run of mentions with exactly ``count`` parties."""
        k = len(window) - 1
        while k >= 0:
            last = window[k]
            if len(last.codes) > 1:
                if len(last.codes) == count and all(eligible(c) for c in last.codes):
                    return list(last.codes)
                k -= 1
                continue
            codes = [last.code] if eligible(last.code) else []
            start = k
            while (
                start > 0
                and len(window[start - 1].codes) <= 1
                and self._joined(window[start - 1], window[start])
            ):
                start -= 1
                prev = window[start]
                if eligible(prev.code) and prev.code not in codes:
                    codes.append(prev.code)
            if len(codes) == count and start < k:
                return codes
            k = start - 1
        return None

    def _joined(self, a: Cand, b: Cand) -> bool:
        between = self.lower[a.j : b.i]
        return len(between) <= 4 and all(w in self.glue for w in between)


def _latest_codes(
    pool: Sequence[Cand], count: int, persons: bool, eligible: Callable[[str], bool]
) -> list[str] | None:
    """The ``count`` most recently mentioned distinct codes in ``pool``."""

    def pick(accept: Callable[[Cand], bool]) -> list[str]:
        chosen: list[str] = []
        for c in reversed(pool):
            if len(c.codes) > 1 or not accept(c) or not eligible(c.code):
                continue
            if c.code not in chosen:
                chosen.append(c.code)
                if len(chosen) == count:
                    break
        return chosen

    chosen: list[str] = []
    if persons:
        chosen = pick(
            lambda c: (
                c.kind == "person"
                or (c.kind in ("reference", "adjective") and c.sector in _SINGULAR_REF_SECTORS)
            )
        )
    if len(chosen) < count:
        chosen = pick(lambda c: True)
    return chosen if len(chosen) == count else None
