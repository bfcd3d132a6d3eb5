"""Pure text helpers shared by the extractors and reconciliation: folding, cue search, ISO periods.

Nothing here needs spaCy or the database, so both sides import it cheaply.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, diacritics removed, curly apostrophes straightened, spaces collapsed."""
    if text.isascii():  # NFKD leaves ASCII as it is; the one ASCII apostrophe to straighten is '`'
        return " ".join(text.replace("`", "'").lower().split())
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
    two to three times slower than plain comparison. Under ``IGNORECASE`` an upper-case ASCII
    letter of the pattern means what its lower case means, so the pattern is rewritten with its
    letters in lower case; a case-sensitive match of that over ``text.lower()`` then finds exactly
    the spans that the case-insensitive match finds over ``text``, as long as ``lower()`` keeps
    every character's position and agrees with the regex engine's case rules. It does for every
    character but three: ``İ``, whose lower case is two characters, and ``ı`` and ``ſ``, which
    ``re`` matches to ``i`` and ``s`` though they do not lower-case to them (checked over every
    code point by tests/test_caseless.py); and ``\\w``, ``\\d`` and ``\\s`` hold for a character
    exactly when they hold for its lower case. A text holding one of the three is matched the slow
    way, and so is every text for a pattern this cannot rewrite safely (no ``IGNORECASE``, a
    non-ASCII letter, a character given by its code, an escaped backslash, a case-sensitive group,
    an upper-case group name)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._fast = _folded(pattern)
        self._last: tuple[str, re.Pattern[str] | None, str] | None = None

    def finditer(self, text: str, lowered: str | None = None) -> list[re.Match[str]]:
        """Every match in ``text`` (``lowered``: ``text.lower()``, if already made). The matches
        may be over the lower-cased text: read their offsets, and their groups case-insensitively."""
        fast, lowered = self._over(text, lowered)
        return list(fast.finditer(lowered)) if fast is not None else list(self.pattern.finditer(text))

    def search(self, text: str, pos: int = 0, lowered: str | None = None) -> CasedMatch | None:
        """The first match in ``text`` from ``pos``, its groups read from ``text`` itself."""
        fast, lowered = self._over(text, lowered)
        m = fast.search(lowered, pos) if fast is not None else self.pattern.search(text, pos)
        return CasedMatch(m, text) if m is not None else None

    def _over(self, text: str, lowered: str | None) -> tuple[re.Pattern[str] | None, str]:
        """The pattern to run and the text to run it over (the last text's answer is kept: a
        caller searching one text from one position after another asks for it each time)."""
        last = self._last
        if last is not None and last[0] is text:
            return last[1], last[2]
        if self._fast is None or _UNFOLDABLE.search(text) is not None:
            answer: tuple[re.Pattern[str] | None, str] = (None, text)
        else:
            lowered = text.lower() if lowered is None else lowered
            # (only İ lengthens in lower case, and it is excluded above)
            answer = (self._fast, lowered) if len(lowered) == len(text) else (None, text)
        self._last = (text, *answer)
        return answer


class CasedMatch:
    """A match of :class:`CaselessPattern`, its groups read from the original text."""

    def __init__(self, match: re.Match[str], text: str) -> None:
        self._m = match
        self._text = text

    def start(self, group: int | str = 0) -> int:
        return self._m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._m.end(group)

    def group(self, group: int | str = 0) -> str | None:
        lo, hi = self._m.span(group)
        return self._text[lo:hi] if lo >= 0 else None

    def groupdict(self) -> dict[str, Any]:  # (typed as re.Match's)
        spans, text = self._m.regs, self._text  # (start, end) of each group by number, -1 if unset
        return {
            name: text[spans[number][0] : spans[number][1]] if spans[number][0] >= 0 else None
            for name, number in self._m.re.groupindex.items()
        }


def _folded(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE and with its letters in lower case, where that is safe."""
    source = pattern.pattern
    if (
        not pattern.flags & re.IGNORECASE
        or _CODED.search(source) is not None
        or any(chr(int("".join(code), 16)).isalpha() for code in _HEX.findall(source))
        or any(name != name.lower() for name in pattern.groupindex)
    ):
        return None
    folded = _UPPER_LITERAL.sub(lambda m: m.group().lower(), source)
    if not all("a" <= c <= "z" for c in _ESCAPE_OR_NAMED.sub("", folded) if c.isalpha()):
        return None
    try:
        return re.compile(folded, pattern.flags & ~re.IGNORECASE)
    except re.error:  # pragma: no cover - a range such as [Z-a] that lower case turns around
        return None


_UNFOLDABLE = re.compile("[\u0130\u0131\u017f]")  # İ ı ſ: see CaselessPattern
# a character given by its name or octal code (\N{...}, \101), an escaped backslash, (?-i:...)
_CODED = re.compile(r"\\[N0-9\\]|\(\?[a-z]*-")
_HEX = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")  # a letter so given
_UPPER_LITERAL = re.compile(r"(?<!\\)(?<!\(\?)[A-Z]")  # not an escape (\S, \W), not the P of (?P<
_ESCAPE_OR_NAMED = re.compile(r"\\[A-Za-z]|\(\?P")


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
