"""Import CAMEO/TABARI/PETRARCH ``.actors`` and ``.agents`` dictionaries as graphsvc aliases.

Actor dictionary format (what is read)::

    RECEP_TAYYIP_ERDOGAN_  # comment        primary phrase: words joined by _ or spaces;
    +ERDOGAN_                               a trailing _ (no-plural marker) is dropped
    +RECEP_TAYYIP_ERDOĞAN                   '+' lines are synonyms of the current entry
        [TURELI 720101-021118]              TAB + [CODE FROM-TO] a date-restricted code
        [TURGOV >030314]                    '>date' on/after, '<date' on/before (inclusive)
        [TURELI]                            no date: the default code
    TURKEY_  [TUR]                          the code may follow the phrase on the same line,
    SOLANA_ [IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006]    several blocks per line

Dates are YYYYMMDD or YYMMDD (YY 00–30 → 20YY, else 19YY). Comments: ``#`` or legacy ``;``
to the end of the line, and ``<!-- ... -->`` (also across lines). Files are UTF-8.

How codes map to :class:`~graphsvc.models.AliasEntry`:

* A code is 3-letter elements: a root and then agents, e.g. ``RUSGOV`` = Russia, government.
  A state root gives ``kind="country"``, ``code`` the root, ``sector`` the next element.
* ``IGO…`` codes name an organisation by one of their elements (``IGOUNO`` UN,
  ``IGOWSTNAT`` NATO, ``IGOEUREEC`` EU); :data:`CAMEO_IGO_CODES` maps those to graphsvc IGO
  codes (the last mapped element wins: ``IGOUNOJUDICJ`` → ``ICJ``) and the entry gets
  ``kind="igo"``. An IGO code with no known organisation, and ``NGO``/``IMG``/``MNC``/``UIS``
  roots, give ``kind="group"`` with the full code.
* Skipped (counted in :class:`PetrarchActors`): codes whose root is not 3 letters (``---``,
  ``G77``, ``ELR/GAL``), CAMEO region roots (``EUR`` Europe, ``AFR`` Africa, ``WST`` …, which
  would clash with graphsvc's EU/AU codes), agent-only codes (``[ELI]``), and codes with a
  malformed date.
* An entry with any date-restricted code is a person (``kind="person"``): each state or IGO
  code becomes a :class:`~graphsvc.models.Role` (``RUSGOV 991231-080507`` →
  ``Role("RUS", "GOV", start=1999-12-31, end=2008-05-07)``; IGO roles get sector ``GOV``).
  **Order rule:** dated roles come first, in file order, and undated (default) codes come
  LAST as roles with ``start=end=None``. A resolver that takes the first role active on the
  story date therefore uses the default only when no dated role matches — PETRARCH's rule.
* An entry with only undated codes uses its first usable code. A phrase with no usable code
  (PETRARCH's null code) is dropped and counted.
* As in PETRARCH, primary phrases with no code of their own that follow each other share the
  codes that come after them ("stacked" primaries: ``LEONID_BREZHNEV_`` then
  ``SECRETARY_BREZHNEV`` then the ``[RUS…]`` lines); only a primary read after a code starts a
  new entry.

Names keep the dictionary's spelling and case (mostly upper case), with underscores turned
into spaces; match them case-insensitively.

Agents dictionaries (``PHRASE {plural} [~CODE]``) load with :func:`load_petrarch_agents` into
a mapping from lower-case noun phrase to sector code (the first 3-letter element of the
agent code). Regular plurals are added as PETRARCH does (+S, Y→IES, SS→ES) unless the phrase
ends in ``_`` or has ``{}``; ``{X}`` gives the irregular plural X. Entries that use
substitution sets (``!PERSON!``) are skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graphsvc.errors import InputFileError
from graphsvc.models import AliasEntry, Role

# CAMEO organisation element -> graphsvc IGO code (see the shared contracts in models/README).
CAMEO_IGO_CODES: dict[str, str] = {
    "UNO": "UNO", "NAT": "NAT", "EEC": "EUR", "AFU": "AFR", "OAU": "AFR", "SCE": "OSC",
    "ASN": "ASN", "ARL": "ARL", "GCC": "GCC", "WHO": "WHO", "IMF": "IMF", "WBK": "WBK",
    "ICC": "ICC", "OPC": "OPC", "CIS": "CIS", "WAS": "ECW", "OAS": "OAS", "OIC": "OIC",
    "IAE": "IAE", "WTO": "WTO", "ICJ": "ICJ", "HCR": "UNH", "KID": "UNI",
}  # fmt: skip

# Non-state actor roots: kept as groups under their full code.
GROUP_ROOTS = frozenset({"NGO", "NGM", "IMG", "MNC", "UIS"})

# CAMEO region roots: not states, and EUR/AFR would collide with graphsvc's EU/AU codes.
REGION_ROOTS = frozenset({
    "AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM",
    "MEA", "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "WLD",
})  # fmt: skip

# Agent codes that can appear alone in a code block; they name no state.
AGENT_ROOTS = frozenset({
    "GOV", "MIL", "ELI", "LEG", "JUD", "REB", "OPP", "DIP", "SPY", "COP", "BUS", "MED", "CVL",
    "EDU", "HLH", "LAB", "REF", "AGR", "ENV", "CRM", "HRI", "SEP", "UAF", "RAD", "MOD", "INS",
})  # fmt: skip

_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_XML_COMMENT = re.compile(r"<!--.*?-->")
_RESTRICTION = re.compile(
    r"^\s*(?P<code>[^\s<>]+)\s*(?:(?P<op>[<>])\s*(?P<day>\d+)|(?P<lo>\d+)\s*-\s*(?P<hi>\d+))?\s*$"
)


@dataclass(frozen=True, slots=True)
class MappedCode:
    """One CAMEO actor code as graphsvc reads it."""

    kind: str  # country | igo | group
    code: str
    sector: str | None


@dataclass(slots=True)
class PetrarchActors:
    """Result of reading an actors dictionary, with counts of what was read and skipped."""

    entries: list[AliasEntry] = field(default_factory=list)
    phrases: int = 0  # primary phrases
    synonyms: int = 0  # '+' lines
    codes: int = 0  # [..] blocks read
    skipped_codes: int = 0  # blocks not mapped (root, region, agent-only, bad date)
    uncoded: int = 0  # phrases dropped for lack of a usable code
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


@dataclass(slots=True)
class PetrarchAgents:
    agents: dict[str, str] = field(default_factory=dict)
    entries: int = 0
    substitution_skipped: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


# --- codes and dates -----------------------------------------------------------------------


def map_code(code: str) -> MappedCode | None:
    """Map a CAMEO actor code to graphsvc terms; None when it names no usable actor."""
    code = code.strip().upper()
    if len(code) < 3 or not code.isalpha() or not code.isascii():
        return None
    elements = [code[i : i + 3] for i in range(0, len(code) - 2, 3)]
    root = elements[0]
    if root == "IGO":
        known = [CAMEO_IGO_CODES[e] for e in elements[1:] if e in CAMEO_IGO_CODES]
        if known:
            return MappedCode("igo", known[-1], None)
        return MappedCode("group", code, None) if len(elements) > 1 else None
    if root in GROUP_ROOTS:
        return MappedCode("group", code, None)
    if root in REGION_ROOTS or root in AGENT_ROOTS:
        return None
    return MappedCode("country", root, elements[1] if len(elements) > 1 else None)


def parse_dict_date(text: str) -> date:
    """YYYYMMDD or YYMMDD (YY 00–30 → 20YY); ValueError otherwise."""
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    elif len(text) == 6:
        yy = int(text[:2])
        year, rest = (2000 + yy if yy <= 30 else 1900 + yy), text[2:]
    else:
        raise ValueError(f"date {text!r} is neither YYYYMMDD nor YYMMDD")
    return date(year, int(rest[:2]), int(rest[2:]))


@dataclass(frozen=True, slots=True)
class _Block:
    code: str
    start: date | None
    end: date | None
    dated: bool


def _parse_block(content: str) -> _Block:
    match = _RESTRICTION.match(content)
    if not match:
        raise ValueError(f"malformed code block [{content.strip()}]")
    code = match.group("code")
    if match.group("op") == ">":
        return _Block(code, parse_dict_date(match.group("day")), None, True)
    if match.group("op") == "<":
        return _Block(code, None, parse_dict_date(match.group("day")), True)
    if match.group("lo"):
        lo, hi = parse_dict_date(match.group("lo")), parse_dict_date(match.group("hi"))
        if lo > hi:
            raise ValueError(f"date range {lo}..{hi} ends before it starts")
        return _Block(code, lo, hi, True)
    return _Block(code, None, None, False)


# --- shared line reading -------------------------------------------------------------------


def _lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, raw line, line without comments) for every line, comments removed."""
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise InputFileError(str(path), None, exc.strerror or str(exc)) from None
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise InputFileError(str(path), line, "not valid UTF-8") from None
    in_xml_comment = False
    # split("\n"), not splitlines(): form feeds or U+2028 must not shift line numbers.
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.removesuffix("\r")
        line = raw
        if in_xml_comment:
            end = line.find("-->")
            if end < 0:
                continue
            line, in_xml_comment = line[end + 3 :], False
        line = _XML_COMMENT.sub(" ", line)
        if line.lstrip().startswith("<!") and "<!--" not in line:
            continue  # PETRARCH skips any line that starts with "<!"
        opened = line.find("<!--")
        if opened >= 0:
            line, in_xml_comment = line[:opened], True
        for marker in ("#", ";"):
            cut = line.find(marker)
            if cut >= 0:
                line = line[:cut]
        yield number, raw, line.rstrip()


def _clean_phrase(phrase: str) -> str:
    phrase = re.sub(r"\{[^}]*\}", " ", phrase)
    return " ".join(phrase.replace("_", " ").split())


# --- actors --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Pending:
    line: int
    names: list[str]
    blocks: list[_Block] = field(default_factory=list)
    coded: bool = False  # saw a [..] block, even a malformed one


def load_petrarch_actors(path: Path) -> list[AliasEntry]:
    """Alias entries from a CAMEO/PETRARCH ``.actors`` dictionary (see the module doc)."""
    return parse_petrarch_actors(path).entries


def parse_petrarch_actors(path: Path, *, strict: bool = False) -> PetrarchActors:
    """Read an actors dictionary. Malformed items are skipped and listed in ``problems``;
    with ``strict`` the first one raises InputFileError(path, line, message) instead."""
    path = Path(path)
    result = PetrarchActors()
    current: _Pending | None = None

    def problem(line: int, message: str) -> None:
        if strict:
            raise InputFileError(str(path), line, message)
        result.problems.append((line, message))

    def add_blocks(line: int, text: str) -> None:
        assert current is not None
        for content in _CODE_BLOCK.findall(text):
            result.codes += 1
            current.coded = True
            try:
                current.blocks.append(_parse_block(content))
            except ValueError as exc:
                result.skipped_codes += 1
                problem(line, str(exc))

    for number, _raw, line in _lines(path):
        body = line.strip()
        if not body:
            continue
        if body.startswith("+"):
            if current is None:
                problem(number, "synonym before any primary phrase")
                continue
            result.synonyms += 1
            name = _clean_phrase(body[1:].split("[", 1)[0])
            if name:
                current.names.append(name)
            add_blocks(number, body)
        elif body.startswith("["):
            if current is None:
                problem(number, "code block before any primary phrase")
                continue
            add_blocks(number, body)
        else:
            result.phrases += 1
            name = _clean_phrase(body.split("[", 1)[0])
            if not name:
                problem(number, "empty primary phrase")
            if current is not None and not current.coded:
                # PETRARCH stacks primaries: phrases read since the last code share the codes
                # that follow (CountryInfo lists "LEONID_BREZHNEV_" and its variants so).
                current.names.append(name)
            else:
                if current is not None:
                    _finish(current, result)
                current = _Pending(number, [name])
            add_blocks(number, body)
    if current is not None:
        _finish(current, result)
    return result


def _finish(pending: _Pending, result: PetrarchActors) -> None:
    names = tuple(dict.fromkeys(n for n in pending.names if n))
    mapped = [(block, map_code(block.code)) for block in pending.blocks]
    result.skipped_codes += sum(1 for _, m in mapped if m is None)
    usable = [(block, m) for block, m in mapped if m is not None]
    if not names:
        result.uncoded += 1
        return
    if any(block.dated for block in pending.blocks):
        roles = [
            Role(m.code, m.sector or "GOV", None, block.start, block.end)
            for block, m in sorted(usable, key=lambda bm: not bm[0].dated)  # stable: dated first
            if m.kind in ("country", "igo")
        ]
        if not roles:
            result.uncoded += 1
            return
        result.entries.append(AliasEntry(names, "person", None, None, tuple(roles)))
        return
    if not usable:
        result.uncoded += 1
        return
    first = usable[0][1]
    result.entries.append(AliasEntry(names, first.kind, first.code, first.sector))


# --- agents --------------------------------------------------------------------------------

_AGENT_LINE = re.compile(
    r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]*)[\]}]"
)


def _regular_plural(word: str) -> str:
    if word.endswith("SS") or word.endswith("ss"):
        return word + ("ES" if word.isupper() else "es")
    if len(word) > 1 and word[-1] in "Yy" and word[-2].lower() not in "aeiou":
        return word[:-1] + ("IES" if word.isupper() else "ies")
    return word + ("S" if word.isupper() else "s")


def load_petrarch_agents(path: Path) -> dict[str, str]:
    """Lower-case agent noun phrase → sector code, e.g. {"army": "MIL", "rebels": "REB"}."""
    return parse_petrarch_agents(path).agents


def parse_petrarch_agents(path: Path) -> PetrarchAgents:
    path = Path(path)
    result = PetrarchAgents()
    for number, _raw, line in _lines(path):
        body = line.strip()
        if not body:
            continue
        if re.match(r"^!\w+!\s*=", body):
            continue  # a substitution-set definition
        match = _AGENT_LINE.match(body)
        if not match:
            result.problems.append((number, f"no agent code in {body!r}"))
            continue
        result.entries += 1
        phrase = match.group("phrase").strip()
        if "!" in phrase:
            result.substitution_skipped += 1
            continue
        code = match.group("code").replace("~", "").strip().upper()
        if len(code) < 3 or not code[:3].isalpha():
            result.problems.append((number, f"bad agent code [{match.group('code')}]"))
            continue
        sector = code[:3]
        forms = [_clean_phrase(phrase)]
        plural = match.group("plural")
        if plural is not None:
            if plural.strip():
                forms.append(_clean_phrase(plural))
        elif not phrase.endswith("_"):
            words = forms[0].split(" ")
            forms.append(" ".join([*words[:-1], _regular_plural(words[-1])]))
        for form in forms:
            if form:
                result.agents.setdefault(form.lower(), sector)
    return result
