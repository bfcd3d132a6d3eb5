"""Publication and crawl dates to ISO 8601 strings, as given (no guessing of time zones)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

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
