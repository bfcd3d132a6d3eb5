"""Pure helpers of reconciliation: name folding, counted-phrase keys, value intervals, periods.

Nothing here touches the database or the spaCy model, so every rule is unit-tested on small
hand-written strings (tests/test_reconcile_units.py). Word lists live in data/reconcile.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from newsledger import format as fmt
from newsledger.data import load_yaml

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_POSSESSIVE = re.compile(r"'s?\b")


@cache
def lexicon() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("reconcile.yaml")
    return data


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, diacritics removed, curly apostrophes straightened, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOS))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A comparison key for a name: folded, possessives, a leading article and punctuation gone.

    >>> name_key("The Harbour Standard’s")
    'harbour standard'
    """
    folded = _POSSESSIVE.sub("", fold(name))
    toks = _WORD.findall(folded)
    while toks and toks[0] in ("the", "a", "an"):
        toks = toks[1:]
    return " ".join(toks)


@lru_cache(maxsize=65536)
def outlet_key(name: str) -> str:
    """Like :func:`name_key`, also without words such as 'newspaper' or 'agency'."""
    stop = set(lexicon()["name_stopwords"])
    toks = [w for w in name_key(name).split() if w not in stop]
    return " ".join(toks)


def contains_phrase(haystack: str, needle: str) -> bool:
    """Whether the word sequence ``needle`` occurs in ``haystack`` (both already keys)."""
    if not needle:
        return False
    return f" {needle} " in f" {haystack} "


# -- counted phrases -----------------------------------------------------------------------------


def singular(word: str) -> str:
    """Light English singular of a noun: 'troops' -> 'troop', 'casualties' -> 'casualty'."""
    irregular: dict[str, str] = lexicon()["irregular_plurals"]
    if word in irregular:
        return irregular[word]
    if word.endswith("men") and len(word) > 4:  # servicemen, policemen
        return word[:-3] + "man"
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Counted:
    """What a figure counts, reduced to a metric key, with what the reduction found on the way."""

    key: str | None  # e.g. "soldier", "contract soldier", "killed", "killed civilian"
    peoples: tuple[str, ...] = ()  # nationality words taken out of the phrase ("velgarian")
    floor: bool = False  # a checked-one-by-one count ("confirmed", "named"): a floor of the total


def _phrase_key(toks: list[str]) -> str:
    if not toks:
        return ""
    toks = [*toks[:-1], singular(toks[-1])]
    synonyms: dict[str, str] = lexicon()["synonyms"]
    for size in (2, 1):  # a two-word synonym first ("service member"), then the head alone
        if len(toks) >= size:
            tail = " ".join(toks[-size:])
            if tail in synonyms:
                toks = [*toks[:-size], *synonyms[tail].split()]
                break
    joined = " ".join(toks)
    return str(synonyms.get(joined, joined))


def _find_cue(text: str, cues: list[str]) -> int:
    """Position of the first whole-word cue in folded ``text``, or -1."""
    best = -1
    for cue in cues:
        m = re.search(rf"(?<![a-z0-9]){re.escape(cue)}(?![a-z0-9])", text)
        if m and (best < 0 or m.start() < best):
            best = m.start()
    return best


def outcome_of(counted_words: list[str], after: str, before: str) -> str | None:
    """The casualty outcome (killed, wounded, ...) named by the phrase, after it, or before it."""
    outcomes: dict[str, list[str]] = lexicon()["outcomes"]
    for w in counted_words:
        for name, cues in outcomes.items():
            if w in cues:
                return name
    after_f, before_f = fold(after), fold(before)
    best: tuple[int, str] | None = None
    for name, cues in outcomes.items():
        pos = _find_cue(after_f, cues)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, name)
    if best is not None:
        return best[1]
    for name, cues in outcomes.items():
        pos = _find_cue(before_f[::-1], [c[::-1] for c in cues])
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, name)
    return best[1] if best is not None else None


def role_of(sentence: str) -> str | None:
    """The role an event cue in the sentence gives a generic head ('called up' -> conscript)."""
    folded = fold(sentence)
    best: tuple[int, str] | None = None
    cues: dict[str, list[str]] = lexicon()["role_cues"]
    for role, words_ in cues.items():
        pos = _find_cue(folded, words_)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, role)
    return best[1] if best is not None else None


def counted_key(
    counted: str | None,
    category: str,
    *,
    after: str = "",
    before: str = "",
    sentence: str = "",
    demonyms: frozenset[str] = frozenset(),
) -> Counted:
    """Reduce a figure's counted phrase to a metric key (lemma-light, synonyms, roles, outcomes).

    ``after``/``before`` are the clause text right after and before the figure, ``sentence`` the
    whole sentence; ``demonyms`` the folded nationality words known to the corpus.
    """
    lex = lexicon()
    drop = set(lex["drop_words"])
    floors = set(lex["floor_words"])
    toks = words(counted or "")
    peoples = tuple(w for w in toks if w in demonyms)
    floor = any(w in floors for w in toks) or _floor_verb_before(before)
    kept = [w for w in toks if w not in drop and w not in floors and w not in demonyms and not w.isdigit()]
    if category == "casualties":
        outcome = outcome_of(kept, after, before)
        if outcome is None:
            return Counted(_phrase_key(kept) or None, peoples, floor)
        civil = set(lex["civilian_words"])
        civilian = any(w in civil for w in kept)
        return Counted(f"{outcome} civilian" if civilian else outcome, peoples, floor)
    key = _phrase_key(kept)
    if key and key.split()[-1] in set(lex["meta_heads"]):
        return Counted(None, peoples, floor)
    if key and key.split()[-1] in set(lex["generic_heads"]):
        role = role_of(sentence)
        if role is not None:
            key = role
    return Counted(key or None, peoples, floor)


def _floor_verb_before(before: str) -> bool:
    """'... had confirmed [the names of] 17,900': a floor verb governing the number."""
    floors = "|".join(re.escape(w) for w in lexicon()["floor_words"])
    pattern = rf"\b(?:{floors})(?:\s+(?:the|names?|of|a|total|at|least|deaths?))*\s*$"
    return re.search(pattern, fold(before)) is not None


def rate_of(after: str) -> str | None:
    """'a month', 'per year', 'daily' right after a figure (and its noun): the figure is a rate."""
    head = fold(after)[:40]
    rates: dict[str, list[str]] = lexicon()["rates"]
    best: tuple[int, str] | None = None
    for unit, cues in rates.items():
        for cue in cues:  # 'a day' but not 'a day after', 'a year ago'
            m = re.search(
                rf"(?<![a-z0-9]){re.escape(cue)}(?![a-z0-9])(?!\s+(?:after|later|before|earlier|ago|of)\b)",
                head,
            )
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), unit)
    return best[1] if best is not None else None


def is_prior(before: str, sentence: str) -> bool:
    """The old side of a change ('up from 17,900') or a past value ('Before it was 600,000')."""
    lex = lexicon()
    tail = fold(before)
    cues = "|".join(re.escape(c) for c in lex["prior_before"])
    if re.search(rf"(?<![a-z0-9])(?:{cues})$", tail):
        return True
    return _find_cue(fold(sentence)[:20], list(lex["prior_sentence_start"])) == 0


_NUMBER_TAIL = re.compile(r"(?:\d|\b(?:hundred|thousand|million|billion|trillion))[.,]?\s*$")


def is_fragment(before: str) -> bool:
    """A figure right after another number ('1 million | 200 thousand'): part of a split number."""
    return _NUMBER_TAIL.search(fold(before)) is not None


def is_hypothetical(sentence: str) -> bool:
    """A scenario or a computation ('If ..., it would be between ...'), not a reported count."""
    return _find_cue(fold(sentence), list(lexicon()["hypothetical_cues"])) >= 0


# -- values ----------------------------------------------------------------------------------------

EXACT_TOLERANCE = 0.01  # an exact figure allows 1% either way (rounding in reporting)
ABOUT_TOLERANCE = 0.15  # "about N" allows 15% either way
SAME_VALUE = 0.02  # two reports carry the same figure when their values differ by at most 2%

Interval = tuple[float | None, float | None]  # (low, high); None = unbounded


def interval(
    value: float | None, low: float | None, high: float | None, approx: str, *, floor: bool = False
) -> Interval:
    """The true values a report allows. 'more than 40,000' -> (40000, None); 'about 12,000' -> ±15%.

    ``floor`` (a count of confirmed names) makes an exact count a lower bound.
    """
    v = value if value is not None else (low if low is not None else high)
    if approx == "range" and low is not None and high is not None:
        return (low * (1 - EXACT_TOLERANCE), high * (1 + EXACT_TOLERANCE))
    if v is None:
        return (None, None)
    if approx in ("more_than", "at_least") or floor:
        return (low if low is not None else v, None)
    if approx in ("less_than", "at_most", "up_to"):
        return (None, high if high is not None else v)
    if approx == "almost":
        return (v * (1 - ABOUT_TOLERANCE), v)
    if approx in ("about", "vague"):
        lo = low if low is not None and approx == "vague" else v * (1 - ABOUT_TOLERANCE)
        hi = high if high is not None and approx == "vague" else v * (1 + ABOUT_TOLERANCE)
        return (lo, hi)
    return (v * (1 - EXACT_TOLERANCE), v * (1 + EXACT_TOLERANCE))


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether two value intervals share a value (open ends are unbounded)."""
    a_lo, a_hi = a
    b_lo, b_hi = b
    if a_hi is not None and b_lo is not None and a_hi < b_lo:
        return False
    return not (b_hi is not None and a_lo is not None and b_hi < a_lo)


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    return abs(a - b) <= SAME_VALUE * max(abs(a), abs(b))


def representative(value: float | None, low: float | None, high: float | None) -> float | None:
    if value is not None:
        return value
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


_APPROX_WORDS = {
    "exact": "",
    "about": "about ",
    "more_than": "more than ",
    "less_than": "less than ",
    "at_least": "at least ",
    "at_most": "at most ",
    "up_to": "up to ",
    "almost": "almost ",
    "vague": "about ",
}


def number(v: float) -> str:
    return fmt.number(v)


def describe(value: float | None, low: float | None, high: float | None, approx: str, floor: bool) -> str:
    """A short human form of a report: 'more than 40,000', 'about 12,000', '18,400 (a floor)'."""
    if approx == "range" and low is not None and high is not None:
        return f"{number(low)} to {number(high)}"
    v = representative(value, low, high)
    if v is None:
        return "an unknown number"
    text = _APPROX_WORDS.get(approx, "") + number(v)
    if floor and approx == "exact":
        text += " confirmed (a floor)"
    return text


# -- periods ---------------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

Period = tuple[date | None, date | None]  # None = open end


def _month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def parse_point(text: str) -> Period | None:
    """The days one ISO-like date covers: '2025' -> the year, '2025-03' -> March, '2025-W10'."""
    text = text.strip()
    try:
        if m := _DAY.match(text):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return (d, d)
        if m := _MONTH.match(text):
            y, mo = int(m[1]), int(m[2])
            return (date(y, mo, 1), _month_end(y, mo))
        if m := _YEAR.match(text):
            y = int(m[1])
            return (date(y, 1, 1), date(y, 12, 31))
        if m := _WEEK.match(text):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return (start, start + timedelta(days=6))
    except ValueError:
        return None
    return None


def parse_period(text: str | None) -> Period | None:
    """A figure's period ('2024-11-01/2025-03-13', '2025', '../2025-03') as (start, end) dates.

    A single day is read as 'as of that day' (a cumulative count): its start is open.
    """
    if not text:
        return None
    if "/" in text:
        left, _, right = text.partition("/")
        lo = parse_point(left) if left not in ("", "..") else (None, None)
        hi = parse_point(right) if right not in ("", "..") else (None, None)
        if lo is None or hi is None:
            return None
        return (lo[0], hi[1])
    point = parse_point(text)
    if point is None:
        return None
    if point[0] == point[1]:
        return (None, point[1])
    return point


def period_from_words(sentence: str, published: str | None) -> Period | None:
    """A period from words like 'last year', 'this spring', 'last autumn', 'in 2024'."""
    pub = parse_point((published or "")[:10])
    year = pub[1].year if pub is not None and pub[1] is not None else None
    folded = fold(sentence)
    lex = lexicon()
    season_hit: tuple[int, int, int] | None = None  # (pos, first month, last month)
    previous = False  # 'last autumn': the most recent such season before publication
    for name, (first, last) in lex["seasons"].items():
        pos = _find_cue(folded, [name])
        if pos >= 0 and (season_hit is None or pos < season_hit[0]):
            season_hit = (pos, int(first), int(last))
            previous = folded[:pos].rstrip().endswith(("last", "past", "previous"))
    offset: int | None = None
    for phrase, delta in lex["relative_years"].items():
        if _find_cue(folded, [phrase]) >= 0:
            offset = int(delta)
            break
    if season_hit is None and offset is None:
        years = re.findall(r"(?<![\d,.])(?:in|for|during|of) ((?:19|20)\d\d)(?![\d,])", folded)
        if years:
            y = int(years[0])
            return (date(y, 1, 1), date(y, 12, 31))
        return None
    if year is None:
        return None
    if season_hit is not None:
        _, first, last = season_hit
        y = year + (offset or 0)
        if previous and pub is not None and pub[1] is not None:
            y = year if pub[1].month > last and first <= last else year - 1
        start = date(y, first, 1)
        end = _month_end(y + (last < first), last)
        return (start, end)
    y = year + (offset or 0)
    return (date(y, 1, 1), date(y, 12, 31))


def periods_overlap(a: Period | None, b: Period | None) -> bool:
    """Unknown periods overlap everything; open ends are unbounded."""
    if a is None or b is None:
        return True
    a_lo, a_hi = a
    b_lo, b_hi = b
    if a_hi is not None and b_lo is not None and a_hi < b_lo:
        return False
    return not (b_hi is not None and a_lo is not None and b_hi < a_lo)


def period_label(p: Period | None) -> str | None:
    if p is None:
        return None
    lo = p[0].isoformat() if p[0] else ".."
    hi = p[1].isoformat() if p[1] else ".."
    return f"{lo}/{hi}"


def year_bucket(p: Period | None) -> str | None:
    """The calendar year a period lies in, when it lies within one (the metric key's period)."""
    if p is None or p[0] is None or p[1] is None:
        return None
    return str(p[0].year) if p[0].year == p[1].year else None
