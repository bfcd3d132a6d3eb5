"""Query parameters shared by the JSON routes and the HTML pages (dates, free text, paging)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator


def _empty_is_none(value: Any) -> Any:
    """An empty form field (``?date_from=``) means "no filter", not an invalid date."""
    return None if isinstance(value, str) and not value.strip() else value


OptionalDate = Annotated[date | None, BeforeValidator(_empty_is_none)]
DateFrom = Annotated[OptionalDate, Query(description="Published on or after (YYYY-MM-DD).")]
DateTo = Annotated[OptionalDate, Query(description="Published on or before (YYYY-MM-DD).")]
Text = Annotated[str | None, Query(max_length=200)]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size (1-200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]


def iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def blank(s: str | None) -> str | None:
    """None for a missing or empty parameter, else the stripped text."""
    return s.strip() or None if s is not None else None
