"""Metadata the user gives for a whole call (``--outlet``, ``--published``, ``--url``, ``--title``).

``MetaOverride.parse`` validates what the user typed; ``read_inputs(paths, meta=...)`` applies it
to every article read in that call. Given metadata always wins over what a file says about
itself (a sidecar, HTML ``<meta>`` tags, JSON Lines keys, header lines of a scrape).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsledger.errors import InputError
from newsledger.ingest.base import RawArticle
from newsledger.ingest.dates import iso_date

_DATE_HINT = (
    "Give a date or an ISO 8601 date and time: 2025-03-12, 2025-03-12T09:30:00Z or 2025-03-12T09:30+01:00."
)


def parse_published(value: str) -> str:
    """``value`` as an ISO 8601 date or datetime; ``InputError`` when it is not one."""
    text = value.strip()
    iso = iso_date(text) if text else None
    if iso is None:
        raise InputError("--published", f"not a date: {value!r}", hint=_DATE_HINT)
    try:  # a date-only value passes iso_date unchecked: check that the day exists
        datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        raise InputError("--published", f"not a date: {value!r}", hint=_DATE_HINT) from None
    return iso


@dataclass(frozen=True)
class MetaOverride:
    """Metadata applied to every article of one call; ``None`` leaves a field as the input has it."""

    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601, checked by ``parse``

    @classmethod
    def parse(
        cls,
        *,
        url: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        published: str | None = None,
    ) -> MetaOverride:
        """Validated metadata: blank values are dropped, ``published`` must be a date."""

        def clean(value: str | None) -> str | None:
            return value.strip() or None if value is not None else None

        date = clean(published)
        return cls(
            url=clean(url),
            title=clean(title),
            outlet=clean(outlet),
            published=parse_published(date) if date else None,
        )

    def fields(self) -> dict[str, Any]:
        """The fields that are set, as keyword arguments of the readers."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}

    def __bool__(self) -> bool:
        return bool(self.fields())

    def apply(self, raw: RawArticle) -> RawArticle:
        """``raw`` with the given fields replaced (its id follows a new URL)."""
        given = self.fields()
        return dataclasses.replace(raw, **given) if given else raw
