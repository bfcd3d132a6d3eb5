"""Publication and crawl dates to ISO 8601 strings, as given (no guessing of time zones)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache

from newsledger.data import load_yaml

_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\D+(\d{1,2}):(\d{2}))?$")


def format_datetime(value: datetime) -> str:
    """ISO 8601; UTC written with ``Z``; a naive time stays naive (its zone is unknown)."""
    value = value.replace(microsecond=0)
    if value.tzinfo is not None and value.utcoffset() is not None and not value.utcoffset():
        return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
    return value.isoformat()


def iso_date(raw: str | None) -> str | None:
    """ISO 8601 form of a date string from metadata, a feed or a WARC header, else None.

    Accepts extended and basic ISO 8601 ("2024-03-14T16:30:00Z", "20240314T1630Z"),
    RFC 822 ("Tue, 12 Mar 2024 17:40:00 +0000") and day-first numeric dates
    ("15/03/2024 07:30", the European order news sites use with slashes).
    """
    if not raw:
        return None
    text = raw.strip()
    if _DATE_ONLY.match(text):
        return text
    m = _BASIC.match(text)
    if m:
        y, mo, d, hh, mm, ss, tz = m.groups()
        if hh is None:
            return f"{y}-{mo}-{d}"
        tz = tz or ""
        if tz and tz != "Z" and ":" not in tz:
            tz = f"{tz[:3]}:{tz[3:]}"
        text = f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}{tz}"
    try:
        return format_datetime(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        return format_datetime(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    m2 = _DMY.match(text)
    if m2:
        d, mo, y, hh, mm = m2.groups()
        try:
            if hh is None:
                return datetime(int(y), int(mo), int(d)).date().isoformat()
            return format_datetime(datetime(int(y), int(mo), int(d), int(hh), int(mm)))
        except ValueError:
            return None
    return None


# --- dates written out in header lines ("March 4, 2025 2:32 PM GMT", "05.03.2025, 11:20") ----


@dataclass(frozen=True)
class FoundDate:
    """A calendar date (with its time, if one is written next to it) found in a line."""

    start: int
    end: int
    iso: str  # "2025-03-04", "2025-03-04T14:32:00Z" or naive "2025-03-05T11:20:00"
    has_time: bool


@dataclass(frozen=True)
class _DateGrammar:
    dates: tuple[re.Pattern[str], ...]
    time_after: re.Pattern[str]
    time_before: re.Pattern[str]
    weekday_before: re.Pattern[str]
    time_alone: re.Pattern[str]
    relative: re.Pattern[str]
    publish_label: re.Pattern[str]
    update_label: re.Pattern[str]
    months: dict[str, int]
    zones: dict[str, str]


@lru_cache(maxsize=1)
def _grammar() -> _DateGrammar:
    data = load_yaml("debris.yaml")
    months = {str(k).lower(): int(v) for k, v in data["dates"]["months"].items()}
    zones = {str(k).lower(): str(v) for k, v in data["dates"]["time_zones"].items()}
    month = "|".join(sorted(months, key=len, reverse=True))
    weekday = str(data["dates"]["weekdays"])
    zone = "|".join(sorted(zones, key=len, reverse=True))
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y>(?:19|20)\d\d)"
    mon = rf"(?P<mon>{month})"
    flags = re.IGNORECASE
    dates = (
        re.compile(
            r"(?<![\w.])(?P<iso>\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?)(?![\w:])"
        ),
        re.compile(rf"(?<![\w.]){mon}\.?\s+{day},?\s+{year}(?!\w)", flags),
        re.compile(rf"(?<![\w.]){day}\s+(?:of\s+)?{mon}\.?,?\s+{year}(?!\w)", flags),
        re.compile(
            r"(?<![\w.,])(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\w.]\d)"
        ),
    )
    clock = (
        r"(?P<h>[0-2]?\d)(?:(?:[:.](?P<mi>[0-5]\d))(?::(?P<s>[0-5]\d))?(?:\s*(?P<ap>[ap]\.?\s?m\b\.?))?"
        r"|\s*(?P<ap2>[ap]\.?\s?m\b\.?))"
    )
    tz = rf"(?:\s*\(?(?P<tz>(?:GMT|UTC)\s*[+-]\s*\d{{1,2}}(?::?\d\d)?|[+-]\d\d:?\d\d|(?:{zone})\b)\)?)?"
    return _DateGrammar(
        dates=dates,
        time_after=re.compile(rf"\s*(?:,|at|@|-|–|—|/|\|)?\s*(?:at\s+)?{clock}{tz}", flags),
        time_before=re.compile(rf"{clock}{tz}\s*(?:,|on|-|–|—|/)?\s*$", flags),
        weekday_before=re.compile(rf"(?:{weekday})\.?,?\s*$", flags),
        time_alone=re.compile(rf"(?<![\w.:]){clock}{tz}(?![\w:])", flags),
        relative=re.compile(rf"\b(?:{data['dates']['relative']})\b", flags),
        publish_label=re.compile(rf"\b{data['header']['publish_labels']}\b", flags),
        update_label=re.compile(rf"\b{data['header']['update_labels']}\b", flags),
        months=months,
        zones=zones,
    )


def _clock(m: re.Match[str]) -> tuple[int, int, int] | None:
    hour = int(m.group("h"))
    minute = int(m.group("mi") or 0)
    second = int(m.group("s") or 0)
    ampm = (m.group("ap") or m.group("ap2") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23:
        return None
    return hour, minute, second


def _zone(raw: str | None) -> timezone | None:
    if not raw:
        return None
    text = re.sub(r"\s+", "", raw).lower()
    known = _grammar().zones.get(text)
    if known is not None:
        text = known
    m = re.fullmatch(r"(?:gmt|utc)?([+-])(\d{1,2}):?(\d\d)?", text)
    if m is None:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))


def _ymd(m: re.Match[str]) -> tuple[int, int, int] | None:
    groups = m.groupdict()
    if groups.get("mon"):
        month = _grammar().months.get(groups["mon"].lower().rstrip("."), 0)
    else:
        day, month = int(groups["d"]), int(groups["m"])
        if groups.get("sep") == "/" and day <= 12 and month <= 12 and day != month:
            return None  # 03/04/2025: day-first or month-first? Unknowable, so no date.
        if groups.get("sep") == "/" and month > 12 >= day:
            day, month = month, day  # 3/14/2025 is month-first
        return (int(groups["y"]), month, day)
    return (int(groups["y"]), month, int(groups["d"]))


def find_dates(text: str) -> list[FoundDate]:
    """Absolute calendar dates in ``text`` with an adjacent clock time, left to right.

    Month-name dates ("March 4, 2025", "Wednesday, 12 March 2025", "7 Mar. 2025"), ISO
    dates and day-first numeric dates with dots ("05.03.2025"). Slashed dates are read
    month-first or day-first only where one number is above 12. A time right after the
    date ("2:32 PM GMT", ", 6:45 p.m.", ", 11:20") or right before it ("09:14, 7 March
    2025") is included, with its zone when one is written; without a zone the time stays
    naive. Relative stamps ("4 hours ago") are never dates.
    """
    g = _grammar()
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in g.dates:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            date = _found(text, m)
            if date is not None:
                found.append(date)
                taken.append((date.start, date.end))
    return sorted(found, key=lambda d: d.start)


def _found(text: str, m: re.Match[str]) -> FoundDate | None:
    g = _grammar()
    if m.groupdict().get("iso"):
        iso = iso_date(m.group("iso"))
        return FoundDate(m.start(), m.end(), iso, "T" in iso) if iso else None
    ymd = _ymd(m)
    if ymd is None:
        return None
    try:
        day = datetime(*ymd)
    except ValueError:
        return None
    start, end = m.start(), m.end()
    wd = g.weekday_before.search(text[:start])
    if wd:
        start = wd.start()
    clock_match = g.time_after.match(text, end)
    before = None
    if clock_match is None or _clock(clock_match) is None:
        clock_match = None
        before = g.time_before.search(text[:start])
        if before is not None and _clock(before) is not None:
            clock_match = before
    if clock_match is None:
        return FoundDate(start, end, day.date().isoformat(), False)
    hms = _clock(clock_match)
    assert hms is not None
    stamp = day.replace(hour=hms[0], minute=hms[1], second=hms[2], tzinfo=_zone(clock_match.group("tz")))
    if clock_match is before:
        start = clock_match.start()
    else:
        end = clock_match.end()
    return FoundDate(start, end, format_datetime(stamp), True)


def is_date_line(text: str) -> bool:
    """A line that holds only dates, times, relative stamps and their labels.

    "March 4, 2025 2:32 PM GMT  Updated 4 hours ago", "Wednesday, 12 March 2025",
    "Published: 09:14, 7 March 2025 | Updated: 11:02, 7 March 2025".
    """
    g = _grammar()
    if len(text) > 160:
        return False
    rest = text
    hits = 0
    for date in reversed(find_dates(text)):
        rest = rest[: date.start] + " " + rest[date.end :]
        hits += 1
    for pattern in (g.relative, g.time_alone):
        rest, n = pattern.subn(" ", rest)
        hits += n
    if not hits:
        return False
    rest = g.publish_label.sub(" ", rest)
    rest = g.update_label.sub(" ", rest)
    rest = re.sub(r"\b(?:on|at|and|by)\b", " ", rest, flags=re.IGNORECASE)
    return not re.sub(r"[\s|·•,:;()\[\]/–—-]+", "", rest)


def labelled_dates(text: str) -> list[tuple[FoundDate, bool]]:
    """The dates of a header line, each with whether an "Updated"-type label governs it.

    A label governs the dates after it up to the next label ("Published: 09:14, 7 March
    2025 | Updated: 11:02, 7 March 2025" -> first False, second True).
    """
    g = _grammar()
    labels = sorted(
        [(m.start(), False) for m in g.publish_label.finditer(text)]
        + [(m.start(), True) for m in g.update_label.finditer(text)]
    )
    out: list[tuple[FoundDate, bool]] = []
    for date in find_dates(text):
        updated = False
        for at, is_update in labels:
            if at < date.start:
                updated = is_update
        out.append((date, updated))
    return out
