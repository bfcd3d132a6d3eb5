"""Normalise DATE mentions to ISO 8601, relative to the article's publication date.

``normalise_date(text, published)`` returns:

* ``YYYY-MM-DD`` for a day ('Thursday', 'April 1', 'yesterday', 'Feb. 24, 2022');
* ``YYYY-MM`` / ``YYYY`` for a month or a year ('March', 'late March', 'last year', '2024');
* ``YYYY-Www`` (ISO week) for 'last week' / 'this week';
* ``A/B`` (ISO interval) for ranges ('January 31 to February 28', 'the 1990s', '2014-2022');
* the surface text itself when unsure ('last spring', 'recent weeks', 'the coming months').

A bare weekday means the nearest such day on or before the publication date (news reports
what happened; 'on Thursday' in a Thursday article is that day). A month and day without a
year take the publication year. Other relative expressions ('two weeks ago') go through
dateparser with ``RELATIVE_BASE`` = publication date and ``PREFER_DATES_FROM='past'``.
Without a publication date only expressions with an explicit year are normalised.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

from newsledger.data import alternation, load_yaml

_CALENDAR: dict[str, Any] = load_yaml("calendar.yaml")  # data/calendar.yaml
WEEKDAYS = tuple(str(d) for d in _CALENDAR["weekdays"])
MONTHS = "|".join(
    [*(str(m) for m in _CALENDAR["months"]), *(str(m) for m in _CALENDAR["month_abbreviations"])]
)
_MONTH = re.compile(rf"\b(?:{MONTHS})\b\.?", re.I)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DECADE = re.compile(r"^(?:the\s+)?((?:1[89]|20)\d)0s$", re.I)
_LEAD = re.compile(rf"^(?:{alternation(_CALENDAR['date_leads'])})\s+", re.I)
_MODIFIER = re.compile(
    r"^(?:(?:the\s+)?(?:end|beginning|start|middle|first half|second half)\s+of|early|late|mid-?)\s*",
    re.I,
)
_RANGE = re.compile(
    r"^(?:between\s+|from\s+)?(.+?)\s*(?:\bto\b|\buntil\b|\bthrough\b|\band\b|[-–—])\s*(.+)$", re.I
)
_RELATIVE_OK = re.compile(
    r"^(?:today|yesterday|tomorrow|tonight|last night|"
    r"(?:last|next|this)\s+(?:week|month|year)|"
    rf"(?:{alternation(_CALENDAR['number_words'])}|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago)$",
    re.I,
)


def _base(published: str | None) -> dt.datetime | None:
    if not published:
        return None
    try:
        return dt.datetime.fromisoformat(published.strip().replace("Z", "+00:00")[:19])
    except ValueError:
        try:
            return dt.datetime.fromisoformat(published.strip()[:10])
        except ValueError:
            return None


@lru_cache(maxsize=64)
def _parser(base: dt.datetime | None, prefer: str) -> DateDataParser:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def _format(date: dt.datetime, period: str) -> str | None:
    if period == "year":
        return f"{date.year:04d}"
    if period == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if period == "week":
        iso = date.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if period in ("day", "part_of_day"):
        return date.date().isoformat()
    return None


def _weekday(text: str, base: dt.datetime) -> str | None:
    word = text.lower().rstrip(".")
    if word not in WEEKDAYS:
        return None
    back = (base.weekday() - WEEKDAYS.index(word)) % 7
    return (base.date() - dt.timedelta(days=back)).isoformat()


_MONTH_NUMBERS: dict[str, int] = {
    **{str(m): i for i, m in enumerate(_CALENDAR["months"], start=1)},
    **{str(a): int(n) for a, n in _CALENDAR["month_abbreviations"].items()},
}
_M = r"(?P<month>[a-z]+)\.?"
_QUICK = [
    re.compile(p, re.I)
    for p in (
        r"^(?P<year>(?:1[89]|20)\d\d)$",  # 2024
        rf"^{_M}$",  # March
        rf"^{_M} (?P<day>\d{{1,2}})$",  # March 3
        rf"^(?P<day>\d{{1,2}}) {_M}$",  # 3 March
        rf"^{_M},? (?P<year>(?:1[89]|20)\d\d)$",  # March 2024
        rf"^{_M} (?P<day>\d{{1,2}}),? (?P<year>(?:1[89]|20)\d\d)$",  # March 3, 2024
        rf"^(?P<day>\d{{1,2}}) {_M},? (?P<year>(?:1[89]|20)\d\d)$",  # 3 March 2024
    )
]
# today, yesterday, this week, last month, next year: days (or weeks, months, years) from the base
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_RELATIVE_STEPS = {"this": 0, "last": -1, "next": 1}


def _quick(text: str, base: dt.datetime | None) -> str | None:
    """What dateparser gives for the common simple forms (a year, a month, a day of a month,
    'yesterday', 'last week', ...), computed directly; None for any other form (then dateparser
    reads it). ``tests/test_entities.py`` checks both agree over a grid of forms and dates."""
    lower = " ".join(text.lower().split())
    if base is not None:
        if lower in _RELATIVE_DAYS:
            return (base.date() + dt.timedelta(days=_RELATIVE_DAYS[lower])).isoformat()
        step, _, unit = lower.partition(" ")
        if step in _RELATIVE_STEPS and unit in ("week", "month", "year"):
            n = _RELATIVE_STEPS[step]
            if unit == "year":
                return f"{base.year + n:04d}"
            if unit == "month":
                month = base.year * 12 + base.month - 1 + n
                return f"{month // 12:04d}-{month % 12 + 1:02d}"
            iso = (base.date() + dt.timedelta(weeks=n)).isocalendar()
            return f"{iso.year:04d}-W{iso.week:02d}"
    for pattern in _QUICK:
        m = pattern.match(lower)
        if m is None:
            continue
        found = m.groupdict()
        month = _MONTH_NUMBERS.get(found.get("month") or "", 0)
        if found.get("month") is not None and not month:
            return None
        year = int(found["year"]) if found.get("year") else (base.year if base is not None else None)
        if year is None:
            return None
        if found.get("day") is None:
            return f"{year:04d}-{month:02d}" if month else f"{year:04d}"
        try:
            return dt.date(year, month, int(found["day"])).isoformat()
        except ValueError:
            return None
    return None


def _single(text: str, base: dt.datetime | None) -> str | None:
    """One date expression -> ISO string, or None when unsure."""
    text = _LEAD.sub("", text.strip().rstrip(",.")).strip()
    text = _MODIFIER.sub("", text).strip()
    if not text:
        return None
    decade = _DECADE.match(text)
    if decade:
        return f"{decade.group(1)}0/{decade.group(1)}9"
    has_month = bool(_MONTH.search(text))
    has_year = bool(_YEAR.search(text))
    if base is None and not has_year:
        return None
    if base is not None:
        weekday = _weekday(text, base)
        if weekday is not None:
            return weekday
    if not (has_month or has_year or _RELATIVE_OK.match(text)):
        return None
    quick = _quick(text, base)
    if quick is not None:
        return quick
    prefer = "current_period" if has_month else "past"
    data = _parser(base, prefer).get_date_data(text)
    if data.date_obj is None or data.period is None:
        return None
    return _format(data.date_obj, data.period)


def normalise_date(text: str, published: str | None) -> str:
    """ISO form of a DATE mention relative to ``published`` (ISO date), else the text itself."""
    return _normalise(" ".join(text.split()), published)


@lru_cache(maxsize=8192)
def _normalise(surface: str, published: str | None) -> str:
    """:func:`normalise_date` of a whitespace-normalised mention (cached: dateparser is slow and
    the same mentions recur across a batch of articles published the same day)."""
    base = _base(published)
    single = _single(surface, base)
    if single is not None:
        return single
    match = _RANGE.match(_LEAD.sub("", surface))
    if match:
        left, right = match.group(1), match.group(2)
        start = _single(left, base)
        end = _single(right, base)
        if start is not None and end is None and right.strip().isdigit() and len(start) == 10:
            day = int(right)
            if 1 <= day <= 31:
                end = f"{start[:8]}{day:02d}"  # 'March 3-5'
        if start is not None and end is not None:
            return f"{start}/{end}"
    return surface
