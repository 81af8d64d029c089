"""Date expressions in news text, resolved against the story's publication date.

``find_dates(text, published)`` returns every date mention it recognises, with character
offsets into ``text`` (end-exclusive) and a precision: ``day``, ``week``, ``month`` or ``year``.

What is recognised:

* explicit dates — "13 January 2021", "January 13, 2021", "Jan. 13, 2021", "2021-01-13";
* a month and day without year — "Nov. 10", "Sept 27", "27 September";
* a month and year — "March 2020" (month); a bare month after a preposition — "in March";
* a year after a preposition — "in 2019", "since 2014" (year);
* weekdays — "Wednesday", "on Monday", "last Friday", "next Tuesday", "this coming Friday";
* relative words — "today", "tonight", "yesterday", "tomorrow", "the day before",
  "the day before yesterday", "three days ago", "a week ago";
* periods — "last/this/next week" (week), "last/this/next month", "earlier/later this
  month" (month, the first of the month), "last/this/next year" (year, 1 January).

Resolution prefers the past, because news reports what happened: a weekday is the most recent
such day on or before the publication date (the same weekday is the publication day itself), a
month and day without year is the latest such date on or before it. A mention reads as future
only when it says so ("next Friday", "this coming Friday") or sits in a clause with a future
marker ("will", "is to", "plans to", "is expected to", ...), unless it premodifies a noun
("the Nov. 10 agreement") or directly follows a past-tense verb ("said on Monday", "agreed on
Saturday to ..."). Future weekdays and month-days resolve to the nearest such date on or after
publication ("will meet on Wednesday" in a Wednesday story is that day); "next"/"last" +
weekday exclude the publication day.

With ``published=None`` only mentions that carry their own year resolve (explicit dates, month
and year, bare years); the others are left out.

Known limits: a weekday that names a newspaper or holiday is skipped only when a capitalised
word follows and "the" or a capitalised word precedes ("the Sunday Times", "Good Friday
Agreement"); "Sunday Times reported" with no article before it still reads as a Sunday. "in
2000 villages" is rejected as a year only because a plural noun follows. Numeric dates such as
"13/01/2021" are not read (day/month order is ambiguous). Ranges ("Nov. 10-11") keep the
first day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    date: date
    precision: str  # day | week | month | year
    text: str


# --- calendar arithmetic -------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_month(day: date, months: int) -> date:
    """The first day of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def resolve_weekday(name: str, published: date, *, future: bool = False) -> date:
    """The date of weekday ``name`` relative to ``published``.

    Past (default): the most recent such day on or before ``published``. Future: the first
    such day on or after it. Either way the same weekday is the publication day itself, as in
    wire copy, which names the day of the story instead of saying "today" ("the council will
    meet on Wednesday" in a Wednesday story).
    """
    target = WEEKDAYS.index(name.strip().lower())
    if future:
        return published + timedelta(days=(target - published.weekday()) % 7)
    return published - timedelta(days=(published.weekday() - target) % 7)


def resolve_month_day(
    month: int, day: int, published: date, *, future: bool = False
) -> date | None:
    """A month and day without year: the latest such date on or before ``published``, or with
    ``future`` the earliest on or after it. None when no year has that day (e.g. 31 April).
    Searches up to eight years so that 29 February finds its leap year."""
    step = 1 if future else -1
    for offset in range(9):
        candidate = _safe_date(published.year + step * offset, month, day)
        if candidate is None:
            continue
        if (candidate >= published) if future else (candidate <= published):
            return candidate
    return None


def resolve_month(month: int, published: date, *, direction: int = 0) -> date:
    """First day of the named month: ``direction`` 0 = on or before the published month,
    -1 = strictly before, 1 = strictly after, 2 = on or after."""
    year = published.year
    if direction == 0:
        return date(year if month <= published.month else year - 1, month, 1)
    if direction == -1:
        return date(year if month < published.month else year - 1, month, 1)
    if direction == 1:
        return date(year if month > published.month else year + 1, month, 1)
    return date(year if month >= published.month else year + 1, month, 1)


# --- context -------------------------------------------------------------------------------

# Where a clause ends, for deciding whether a future marker governs a date.
_CLAUSE_BOUNDARY = re.compile(
    r"[;:\n—–]|[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])|"
    r"\b(?:and|but|while|whereas|who|which|that|although|though|because|after|before|since"
    r"|when)\b"
)
_FUTURE_MARKER = re.compile(
    r"\b(?:will|shall|would|won't|(?:is|are|was|were)\s+(?:due\s+|expected\s+|scheduled\s+|"
    r"set\s+|going\s+|slated\s+)?to|plans\s+to|planning\s+to|intends?\s+to|scheduled\s+for|"
    r"(?:is|are)\s+(?:due|expected|scheduled|slated)|to\s+be\s+held|upcoming)\b|\w'll\b",
    re.IGNORECASE,
)
# A past-tense verb right before the date governs it: "agreed on Saturday", "met Monday",
# "said on Monday that ... will". Not after an auxiliary: "is expected on", "will be held on".
_PAST_VERB_BEFORE = re.compile(
    r"(?:^|\s)(?P<aux>(?:is|are|be|been|being)\s+)?(?P<verb>[A-Za-z]+)"
    r"(?:\s+(?:late|early))?(?:\s+on)?\s*$"
)
_IRREGULAR_PAST = frozenset({
    "said", "told", "met", "held", "spoke", "wrote", "took", "made", "began", "sent", "gave",
    "won", "left", "fought", "struck", "shot", "saw", "came", "went", "brought", "sought",
    "thought", "felt", "kept",
})  # fmt: skip
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|this|that)|'s|’s)\s+$", re.IGNORECASE
)
_WINDOW = 240


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """Text of the clause before and after the span [start, end)."""
    left = text[max(0, start - _WINDOW) : start]
    cut = 0
    for match in _CLAUSE_BOUNDARY.finditer(left):
        cut = match.end()
    right = text[end : end + _WINDOW]
    found = _CLAUSE_BOUNDARY.search(right)
    return left[cut:], right[: found.start()] if found else right


def _future_context(text: str, start: int, end: int) -> bool:
    before, after = _clause(text, start, end)
    if _DETERMINER_BEFORE.search(before):
        return False
    past = _PAST_VERB_BEFORE.search(before)
    if past and not past.group("aux"):
        verb = past.group("verb").lower()
        if verb.endswith("ed") or verb in _IRREGULAR_PAST:
            return False
    return bool(_FUTURE_MARKER.search(before) or _FUTURE_MARKER.search(after))


def _sentence_initial(text: str, start: int) -> bool:
    head = text[:start].rstrip(" \t\"“‘'(")
    return not head or head[-1] in ".!?\n:"


def _word_before(text: str, start: int) -> str:
    match = re.search(r"(\S+)\s+$", text[max(0, start - 40) : start])
    return match.group(1) if match else ""


def _word_after(text: str, end: int) -> str:
    match = re.match(r"\s+([\w'’-]+)", text[end : end + 40])
    return match.group(1) if match else ""


# --- patterns ------------------------------------------------------------------------------

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
# Only abbreviations take a dot, so "27 September." does not swallow the full stop.
_MONTH = rf"(?P<mon>(?:{_MONTH_NAMES})\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

Resolved = tuple[date, str] | None
Handler = Callable[[re.Match[str], str, date | None], Resolved]


def _month_number(match: re.Match[str]) -> int:
    return MONTHS[match.group("mon").rstrip(".").lower()]


def _explicit_day(match: re.Match[str], text: str, published: date | None) -> Resolved:
    mon = match.group("mon")
    month = int(mon) if mon.isdigit() else MONTHS[mon.rstrip(".").lower()]
    found = _safe_date(int(match.group("year")), month, int(match.group("day")))
    return (found, "day") if found else None


def _month_year(match: re.Match[str], text: str, published: date | None) -> Resolved:
    return date(int(match.group("year")), _month_number(match), 1), "month"


_PLURAL_AFTER_YEAR_OK = {"as", "was", "has", "is", "its", "this", "elections", "talks", "thus"}
_COUNT_NOUNS = {"people", "men", "women", "children", "police", "personnel", "staff", "more"}


def _bare_year(match: re.Match[str], text: str, published: date | None) -> Resolved:
    nxt = _word_after(text, match.end())
    # "in 2000 villages" counts villages; "in 2019 elections were held" is a year.
    if (re.fullmatch(r"[a-z]+s", nxt) and nxt not in _PLURAL_AFTER_YEAR_OK) or (
        nxt in _COUNT_NOUNS
    ):
        return None
    return date(int(match.group("year")), 1, 1), "year"


def _month_day(match: re.Match[str], text: str, published: date | None) -> Resolved:
    if published is None:
        return None
    future = _future_context(text, match.start(), match.end())
    found = resolve_month_day(
        _month_number(match), int(match.group("day")), published, future=future
    )
    return (found, "day") if found else None


def _bare_month(match: re.Match[str], text: str, published: date | None) -> Resolved:
    if published is None:
        return None
    mod = (match.group("mod") or "").lower()
    if mod == "last":
        direction = -1
    elif mod == "next":
        direction = 1
    elif _future_context(text, match.start("span"), match.end()):
        direction = 2
    else:
        direction = 0
    return resolve_month(_month_number(match), published, direction=direction), "month"


def _weekday(match: re.Match[str], text: str, published: date | None) -> Resolved:
    if published is None:
        return None
    start, end = match.start(), match.end()
    mod = " ".join((match.group("mod") or "").lower().split())
    nxt = _word_after(text, end)
    if not mod and nxt[:1].isupper():
        prev = _word_before(text, start)
        # "the Sunday Times", "Good Friday Agreement": a name, not a date.
        if prev.lower() == "the" or (prev[:1].isupper() and not _sentence_initial(text, start)):
            return None
    name = match.group("wd")
    if mod in ("next", "this coming", "coming"):
        return resolve_weekday(name, published + timedelta(days=1), future=True), "day"
    if mod in ("last", "this past", "past"):
        return resolve_weekday(name, published - timedelta(days=1)), "day"
    future = _future_context(text, start, end)
    return resolve_weekday(name, published, future=future), "day"


_SIMPLE_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _relative_word(match: re.Match[str], text: str, published: date | None) -> Resolved:
    if published is None:
        return None
    word = match.group(0)
    # "USA Today" is a newspaper; a capital is fine only at the start of a sentence.
    if word[0].isupper() and not _sentence_initial(text, match.start()):
        return None
    words = word.lower().split()
    if words[-1] in _SIMPLE_OFFSETS and len(words) == 1:
        return published + timedelta(days=_SIMPLE_OFFSETS[words[0]]), "day"
    if words[-1] == "yesterday":  # the day before yesterday
        return published - timedelta(days=2), "day"
    return published - timedelta(days=1), "day"  # the day before, the previous day, ...


def _ago(match: re.Match[str], text: str, published: date | None) -> Resolved:
    if published is None:
        return None
    raw = match.group("n").lower()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit = match.group("unit").lower()
    if unit == "day":
        return published - timedelta(days=count), "day"
    if unit == "week":
        return published - timedelta(weeks=count), "week"
    if unit == "month":
        return _shift_month(published, -count), "month"
    return date(published.year - count, 1, 1), "year"


def _period(match: re.Match[str], text: str, published: date | None) -> Resolved:
    if published is None:
        return None
    mod = " ".join(match.group("mod").lower().split())
    step = {"last": -1, "next": 1}.get(mod, 0)  # this / earlier this / later this -> 0
    unit = match.group("unit").lower()
    if unit == "week":
        return published + timedelta(weeks=step), "week"
    if unit == "month":
        return _shift_month(published, step), "month"
    return date(published.year + step, 1, 1), "year"


_PREPOSITIONS = (
    r"in|In|since|Since|until|till|by|By|during|During|through|throughout|from|From|before|"
    r"after|of|early|late|mid-|end\s+of|earlier\s+in|later\s+in"
)

# (pattern, handler). Overlaps are settled by length: the longest mention wins.
_PATTERNS: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"), _explicit_day),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b"), _explicit_day),
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"), _explicit_day),
    (re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b"), _month_year),
    (
        # Not when a year follows: an invalid full date must not fall back to a month-day.
        re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![:.,]?\d)(?!,?\s+(?:19|20)\d\d\b)"),
        _month_day,
    ),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?![\w-])"), _month_day),
    (
        re.compile(
            rf"(?:\b(?P<mod>last|next|this|Last|Next|This)\s+|\b(?:{_PREPOSITIONS})\s+)"
            rf"(?P<span>(?P<mon>{_MONTH_NAMES}))\b(?!\s+[0-3]?\d\b)"
        ),
        _bare_month,
    ),
    (
        # No bare "of": "a population of 2000" is a count.
        re.compile(
            rf"\b(?:{_PREPOSITIONS.replace('after|of|', 'after|')})\s+(?P<span>{_YEAR})\b"
            r"(?![-–/.,:]?\d|\s*%)"
        ),
        _bare_year,
    ),
    (
        re.compile(
            r"(?:\b(?P<mod>(?i:last|next|this\s+coming|this\s+past|this|coming))\s+)?"
            rf"\b{_WEEKDAY}\b"
        ),
        _weekday,
    ),
    (
        re.compile(
            r"\b(?:the\s+day\s+before\s+yesterday|today|tonight|yesterday|tomorrow)\b",
            re.IGNORECASE,
        ),
        _relative_word,
    ),
    (
        re.compile(
            r"\b(?:the\s+(?:day\s+before|previous\s+day|day\s+earlier|preceding\s+day)|"
            r"a\s+day\s+earlier)(?=\s*(?:[.,;:!?)\"”]|$)|\s+(?:and|but|when|as|in|at|with)\b)",
            re.IGNORECASE,
        ),
        _relative_word,
    ),
    (
        re.compile(
            r"\b(?P<n>\d{1,2}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
            r"twelve))\s+(?P<unit>(?i:day|week|month|year))s?\s+ago\b"
        ),
        _ago,
    ),
    (
        re.compile(
            r"\b(?P<mod>(?i:earlier\s+this|later\s+this|last|this|next))\s+"
            r"(?P<unit>(?i:week|month|year))\b(?!\s+of\b)"
        ),
        _period,
    ),
]


def _candidates(text: str, published: date | None) -> list[DateMention]:
    found: list[DateMention] = []
    for pattern, handler in _PATTERNS:
        for match in pattern.finditer(text):
            resolved = handler(match, text, published)
            if resolved is None:
                continue
            has_mod = "mod" in pattern.groupindex and match.group("mod") is not None
            if "span" in pattern.groupindex and not has_mod:
                start, end = match.span("span")
            else:
                start, end = match.span()
            found.append(DateMention(start, end, resolved[0], resolved[1], text[start:end]))
    return found


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every recognised date mention in ``text``, in text order, non-overlapping."""
    if isinstance(published, datetime):
        published = published.date()
    chosen: list[DateMention] = []
    # Longest first, so "13 January 2021" beats "January 2021" and "13 January".
    for mention in sorted(_candidates(text, published), key=lambda m: (m.start - m.end, m.start)):
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def date_for_span(mentions: list[DateMention], start: int, end: int) -> DateMention | None:
    """The mention nearest to the span [start, end); pass the mentions of one sentence.

    Ties go to the finer precision, then to the mention after the span (wire style puts the
    date after the verb: "signed a pact Monday").
    """
    if not mentions:
        return None

    def key(m: DateMention) -> tuple[int, int, int]:
        gap = max(0, m.start - end, start - m.end)
        return gap, PRECISION_ORDER.get(m.precision, 9), 0 if m.start >= end else 1

    return min(mentions, key=key)
