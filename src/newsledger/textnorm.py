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
    """Position of the first whole-word cue in folded ``text``, or -1 (one scan of one pattern)."""
    if not cues:
        return -1
    m = _cue_pattern(tuple(cues)).search(text)
    return m.start() if m else -1


@lru_cache(maxsize=256)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """Every cue as one alternation, compiled once per cue list (the leftmost match of any cue is
    the first position where one of them matches, as a search per cue would find)."""
    alternatives = "|".join(re.escape(c) for c in cues)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


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
