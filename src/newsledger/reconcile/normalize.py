"""Pure helpers of reconciliation: name folding, counted-phrase keys, value intervals, periods.

Nothing here touches the database or the spaCy model, so every rule is unit-tested on small
hand-written strings (tests/test_reconcile_units.py). Word lists live in data/reconcile.yaml.
Nothing here reads the article text either: what a figure's sentence says around it (rate,
outcome, role, floor, prior, hypothetical, period) is read at extraction (extract/context.py)
and stored on the figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from newsledger import format as fmt
from newsledger.data import load_yaml
from newsledger.textnorm import Period as Period
from newsledger.textnorm import fold as fold
from newsledger.textnorm import parse_period as parse_period
from newsledger.textnorm import parse_point as parse_point
from newsledger.textnorm import words as words

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_POSSESSIVE = re.compile(r"'s?\b")


@cache
def lexicon() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("reconcile.yaml")
    return data


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


def _outcome_in(kept: list[str]) -> str | None:
    """The casualty outcome a word of the counted phrase names ('deaths' -> killed)."""
    outcomes: dict[str, list[str]] = lexicon()["outcomes"]
    for w in kept:
        for name, cues in outcomes.items():
            if w in cues:
                return name
    return None


@cache
def _word_set(name: str) -> frozenset[str]:
    """A word list of data/reconcile.yaml as a set, built once (not once per figure)."""
    return frozenset(lexicon()[name])


def counted_key(
    counted: str | None,
    category: str,
    *,
    outcome: str | None = None,
    role: str | None = None,
    floor: bool = False,
    demonyms: frozenset[str] = frozenset(),
) -> Counted:
    """Reduce a figure's counted phrase to a metric key (lemma-light, synonyms, roles, outcomes).

    ``outcome``, ``role`` and ``floor`` are the figure's stored context (extract/context.py);
    ``demonyms`` the folded nationality words known to the corpus.
    """
    drop, floors = _word_set("drop_words"), _word_set("floor_words")
    toks = words(counted or "")
    peoples = tuple(w for w in toks if w in demonyms)
    floor = floor or any(w in floors for w in toks)
    kept = [w for w in toks if w not in drop and w not in floors and w not in demonyms and not w.isdigit()]
    if category == "casualties":
        outcome = _outcome_in(kept) or outcome
        if outcome is None:
            return Counted(_phrase_key(kept) or None, peoples, floor)
        civil = _word_set("civilian_words")
        civilian = any(w in civil for w in kept)
        return Counted(f"{outcome} civilian" if civilian else outcome, peoples, floor)
    key = _phrase_key(kept)
    if key and key.split()[-1] in _word_set("meta_heads"):
        return Counted(None, peoples, floor)
    if key and key.split()[-1] in _word_set("generic_heads") and role is not None:
        key = role
    return Counted(key or None, peoples, floor)


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
