"""Pure text helpers shared by the extractors and reconciliation: folding, cue search, ISO periods.

Nothing here needs spaCy or the database, so both sides import it cheaply.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, diacritics removed, curly apostrophes straightened, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOS))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def find_cue(text: str, cues: Sequence[str]) -> int:
    """Position of the first whole-word cue in folded ``text``, or -1."""
    m = cue_pattern(tuple(cues)).search(text)
    return m.start() if m else -1


@lru_cache(maxsize=1024)
def cue_pattern(cues: tuple[str, ...], after: str = "") -> re.Pattern[str]:
    """One regex for "any of ``cues`` as a whole word" (then ``after``, a lookahead), compiled once:
    its first match starts where the earliest cue does (of several at one place, the first listed)."""
    if not cues:
        return re.compile(r"(?!)")  # matches nothing
    alternatives = "|".join(re.escape(cue) for cue in cues)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9]){after}")


class CaselessPattern:
    """A case-insensitive pattern run as a case-sensitive one over the lower-cased text.

    Python's ``re`` compares each character case-insensitively under ``re.IGNORECASE``, which is
    two to three times slower than plain comparison. For a pattern whose letters are all ASCII
    lower case, a case-sensitive match over ``text.lower()`` finds exactly the spans that the
    case-insensitive match finds over ``text``, as long as ``lower()`` keeps every character's
    position and agrees with the regex engine's case rules: it does for every character but three
    (``İ``, whose lower case is two characters, and ``ı`` and ``ſ``, which ``re`` matches to
    ``i`` and ``s`` though they do not lower-case to them); ``\\w``, ``\\d`` and ``\\s`` hold for a
    character exactly when they hold for its lower case. A text holding one of the three, or a
    pattern with an upper-case or non-ASCII letter, is matched the slow way. The matches are over
    the lower-cased text: read their offsets (and groups only case-insensitively)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        source = _NAMED_GROUP.sub("", pattern.pattern)  # the P of (?P<name>...) is no letter to match
        foldable = (
            bool(pattern.flags & re.IGNORECASE)
            and all("a" <= c <= "z" for c in source if c.isalpha())
            and _CODED.search(source) is None  # no character given by its code, no case-sensitive group
        )
        self._fast = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if foldable else None

    def finditer(self, text: str, lowered: str | None = None) -> list[re.Match[str]]:
        """Every match of the pattern in ``text`` (``lowered``: ``text.lower()``, if already made)."""
        if self._fast is None or _UNFOLDABLE.search(text) is not None:
            return list(self.pattern.finditer(text))
        lowered = text.lower() if lowered is None else lowered
        if len(lowered) != len(text):  # pragma: no cover - only İ lengthens, and it is excluded above
            return list(self.pattern.finditer(text))
        return list(self._fast.finditer(lowered))


_UNFOLDABLE = re.compile("[\u0130\u0131\u017f]")  # İ ı ſ: see CaselessPattern
_NAMED_GROUP = re.compile(r"\(\?P[<=]")
_CODED = re.compile(r"\\[xuUN0-9]|\(\?[a-z]*-")


# -- periods ---------------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

Period = tuple[date | None, date | None]  # None = open end


def month_end(y: int, m: int) -> date:
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
            return (date(y, mo, 1), month_end(y, mo))
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


def stored_period(start: str | None, end: str | None) -> Period | None:
    """The (start, end) dates of a figure's stored ``period_start``/``period_end`` (None if neither)."""
    if start is None and end is None:
        return None
    return (date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None)
